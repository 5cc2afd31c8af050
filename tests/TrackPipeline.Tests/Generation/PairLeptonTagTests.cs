using TrackPipeline.Formats.Pickle;
using TrackPipeline.Generation;
using TrackPipeline.Numerics;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Generation;

/// <summary>
/// The generator's truth tag per deposit (<see cref="PairLeptonTag"/>): which lepton of the first pair a deposit descends
/// from. It splits a generated pair photon's charge into its e- and e+, each carrying its own truth energy.
/// </summary>
public class PairLeptonTagTests
{
    private const double ElectronMassMeV = PhysicalConstants.ElectronMass;

    /// <summary>Each tag's charge in MeV, at the track's own mean energy per collected electron.</summary>
    private static (double Electron, double Positron, double Neither) TaggedMeV(GeneratedTrack t)
    {
        double perElectron = t.DepositedMeV / t.TotalElectrons;
        double e = 0, p = 0, none = 0;
        for (int i = 0; i < t.Electrons.Length; i++)
        {
            double mev = t.Electrons[i] * perElectron;
            switch (t.PairLepton[i])
            {
                case PairLeptonTag.Electron: e += mev; break;
                case PairLeptonTag.Positron: p += mev; break;
                default: none += mev; break;
            }
        }
        return (e, p, none);
    }

    [Fact]
    public void EveryDepositOfAPairPhotonIsTaggedAndEachLeptonCarriesItsTruthEnergy()
    {
        int pairs = 0;
        for (int i = 0; i < 16 && pairs < 6; i++)
        {
            var t = GeneratorFixture.Generator.Generate(Particle.Photon, 10, new TrackRandom((ulong)(1600 + i)));
            Assert.Equal(t.Electrons.Length, t.PairLepton.Length);
            if (t.FirstInteraction != "pair") continue;
            pairs++;
            // The photon converts before it deposits anything: every deposit descends from one of the two leptons.
            Assert.All(t.PairLepton, tag => Assert.True(tag is PairLeptonTag.Electron or PairLeptonTag.Positron, $"photon {i}: tag {tag}"));
            var l = t.PairLeptons.Pairs[0];
            var (e, p, none) = TaggedMeV(t);
            Assert.Equal(0, none);
            // Each lepton deposits its kinetic energy less what its brems carry out of the world; the positron adds up to
            // its two annihilation photons (2 m_e). The charge scale (mean over the track) and the brems' escape allow ~20 %.
            Assert.InRange(e, 0.8 * l.ElectronMeV - 0.1, 1.05 * l.ElectronMeV + 0.1);
            Assert.InRange(p, 0.8 * l.PositronMeV - 0.1, 1.05 * l.PositronMeV + 2 * ElectronMassMeV + 0.1);
        }
        Assert.True(pairs >= 3, $"only {pairs} of 16 photons of 10 MeV converted first");
    }

    [Fact]
    public void TracksWithoutAPairAreTaggedNeither()
    {
        // A 1 MeV electron's brems are below the pair threshold (1.022 MeV): it can never make a pair.
        var t = GeneratorFixture.Generator.Generate(Particle.Electron, 1, new TrackRandom(17));
        Assert.Empty(t.Pair.Points);
        Assert.NotEmpty(t.PairLepton);
        Assert.All(t.PairLepton, tag => Assert.Equal(PairLeptonTag.Neither, tag));
    }

    [Fact]
    public void TagsSurviveThePickleRoundTrip()
    {
        var t = GeneratorFixture.Generator.Generate(Particle.Photon, 20, new TrackRandom(2016));
        var bytes = PickleWriter.Write(TrackFileWriter.Truth(t, new Dictionary<string, object?>(), "LAr"));
        var truth = TruthParser.Parse(PickleReader.Load(bytes, "tagged"), "tagged");
        Assert.Equal(t.PairLepton, truth.DepositPairLepton);
    }

    [Fact]
    public void ATagOutOfRangeIsAClearError()
    {
        var t = GeneratorFixture.Generator.Generate(Particle.Electron, 1, new TrackRandom(18));
        var dict = TrackFileWriter.Truth(t, new Dictionary<string, object?>(), "LAr");
        var truthDict = (Dictionary<string, object?>)dict["truth"]!;
        truthDict["deposit_pair_lepton"] = new TrackPipeline.Formats.NdArray(TrackPipeline.Formats.NdElementType.UInt8, [2], new byte[] { 0, 7 });
        var ex = Assert.Throws<TrackPipeline.Formats.TrackFormatException>(() => TruthParser.Parse(PickleReader.Load(PickleWriter.Write(dict), "bad.pickle"), "bad.pickle"));
        Assert.Contains("bad.pickle", ex.Message);
        Assert.Contains("deposit_pair_lepton", ex.Message);
    }
    /// <summary>
    /// A tag array that is not one uint8 per deposit of the .npz (short, long, empty, int8) is a truth problem naming the
    /// pickle: the track is read without truth, as for every other refusal of that array.
    /// </summary>
    [Theory]
    [InlineData(-1, false)]
    [InlineData(5, false)]
    [InlineData(int.MinValue, false)]
    [InlineData(0, true)]
    public void ATagArrayThatIsNotOneUint8PerDepositIsATruthProblem(int lengthChange, bool int8)
    {
        var t = GeneratorFixture.Generator.Generate(Particle.Electron, 1, new TrackRandom(19));
        int n = t.Electrons.Length;
        var folder = Directory.CreateTempSubdirectory("trackpipeline-tags-").FullName;
        try
        {
            TrackFileWriter.Write(folder, "tagged", t, new Dictionary<string, object?>(), "LAr");
            var dict = TrackFileWriter.Truth(t, new Dictionary<string, object?>(), "LAr");
            int length = lengthChange == int.MinValue ? 0 : n + lengthChange;
            ((Dictionary<string, object?>)dict["truth"]!)["deposit_pair_lepton"] = int8
                ? new TrackPipeline.Formats.NdArray(TrackPipeline.Formats.NdElementType.Int8, [length], new sbyte[length])
                : new TrackPipeline.Formats.NdArray(TrackPipeline.Formats.NdElementType.UInt8, [length], new byte[length]);
            var pickle = Path.Combine(folder, "tagged.pickle");
            File.WriteAllBytes(pickle, PickleWriter.Write(dict));
            var source = new TrackSource("tagged", "LAr", "e", 1000, Path.Combine(folder, "tagged.npz"), pickle, false, "tagged.npz");

            var track = TrackReader.Read(source, TrackLimits.None, out var problem);

            Assert.Equal(n, track.Deposits.Count);
            Assert.Null(track.Truth);
            Assert.NotNull(problem);
            Assert.Equal(TrackPipeline.Formats.InputErrorKind.Truth, problem.Kind);
            Assert.Contains("tagged.pickle", problem.Message);
            Assert.Contains("deposit_pair_lepton", problem.Message);
            Assert.Contains(int8 ? "uint8" : n.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void OneUint8TagPerDepositIsRead()
    {
        var t = GeneratorFixture.Generator.Generate(Particle.Photon, 20, new TrackRandom(2016));
        var folder = Directory.CreateTempSubdirectory("trackpipeline-tags-").FullName;
        try
        {
            TrackFileWriter.Write(folder, "tagged", t, new Dictionary<string, object?>(), "LAr");
            var source = new TrackSource("tagged", "LAr", "gamma", 20000, Path.Combine(folder, "tagged.npz"), Path.Combine(folder, "tagged.pickle"), false, "tagged.npz");
            var track = TrackReader.Read(source, TrackLimits.None, out var problem);
            Assert.Null(problem);
            Assert.Equal(t.PairLepton, track.Truth!.DepositPairLepton);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
