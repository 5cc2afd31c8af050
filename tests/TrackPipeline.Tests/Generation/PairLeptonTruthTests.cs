using TrackPipeline.Formats.Pickle;
using TrackPipeline.Generation;
using TrackPipeline.Tracks;
using TrackPipeline.Numerics;

namespace TrackPipeline.Tests.Generation;

/// <summary>The generator records each pair's e- and e+ at the vertex, and they survive the pickle round trip.</summary>
public class PairLeptonTruthTests
{
    private const double ElectronMassKev = PhysicalConstants.ElectronMass * 1e3;

    private static TrackTruth RoundTrip(GeneratedTrack track, string name)
    {
        var bytes = PickleWriter.Write(TrackFileWriter.Truth(track, new Dictionary<string, object?>(), "LAr"));
        return TruthParser.Parse(PickleReader.Load(bytes, name), name);
    }

    [Fact]
    public void PairLeptonsShareThePhotonEnergyMinusTwoMassesAndRoundTrip()
    {
        int pairs = 0;
        for (int i = 0; i < 12; i++)
        {
            var track = GeneratorFixture.Generator.Generate(Particle.Photon, 20, new TrackRandom((ulong)(900 + i)));
            var truth = RoundTrip(track, $"photon-{i}");
            Assert.Equal(track.Pair.Count, truth.Pair.Count);
            Assert.Equal(truth.Pair.Count, truth.PairLeptons.Count);
            Assert.Equal("photons", truth.InitialParticle);
            for (int k = 0; k < truth.Pair.Count; k++)
            {
                var p = truth.PairLeptons[k];
                // Kinetic energies add up to the converting photon's energy less the two rest masses.
                Assert.Equal(truth.Pair.EnergiesKev[k] - 2 * ElectronMassKev, p.ElectronEnergyKev + p.PositronEnergyKev, 6);
                Assert.InRange(p.ElectronEnergyKev, 0, truth.Pair.EnergiesKev[k]);
                Assert.Equal(1.0, p.ElectronDirection.Length, 9);
                Assert.Equal(1.0, p.PositronDirection.Length, 9);
                Assert.Equal(track.PairLeptons.Pairs[k].ElectronMeV * 1e3, p.ElectronEnergyKev, 9);
                Assert.Equal(track.PairLeptons.Pairs[k].PositronDirection, p.PositronDirection);
                pairs++;
            }
        }
        // Pair production dominates at 20 MeV in argon: most of these photons convert at least once.
        Assert.True(pairs >= 6, $"only {pairs} pair creations in 12 photons of 20 MeV");
    }

    [Fact]
    public void HighEnergyPairLeptonsLeaveNearlyCollinear()
    {
        // At 50 MeV the Tsai angle is ~ m_e/E: both leptons point within a few degrees of each other for most pairs.
        int close = 0, total = 0;
        for (int i = 0; i < 10; i++)
        {
            var t = GeneratorFixture.Generator.Generate(Particle.Photon, 50, new TrackRandom((ulong)(300 + i)));
            foreach (var p in t.PairLeptons.Pairs)
            {
                if (p.ElectronMeV < 5 || p.PositronMeV < 5) continue;
                total++;
                if (p.ElectronDirection.Dot(p.PositronDirection) > Math.Cos(10 * Math.PI / 180)) close++;
            }
        }
        Assert.True(total >= 3, $"only {total} pairs with both leptons above 5 MeV");
        Assert.True(close >= 0.8 * total, $"{close} of {total} pairs open by less than 10 degrees");
    }

    [Fact]
    public void ElectronsHaveNoPairLeptons()
    {
        var truth = RoundTrip(GeneratorFixture.Generator.Generate(Particle.Electron, 5, new TrackRandom(4)), "electron");
        Assert.Equal("electrons", truth.InitialParticle);
        Assert.Empty(truth.PairLeptons);
    }

    [SharedDataFact]
    public void PenelopePicklesHaveNoPairLeptons()
    {
        foreach (var s in DatasetDiscovery.Discover(TestData.TracksRoot!).Where(s => s.Particle == "photons" && s.EnergyKev >= 20000))
        {
            var t = TrackReader.Read(s).Truth;
            Assert.NotNull(t);
            Assert.Empty(t.PairLeptons);
            Assert.Equal("photons", t.InitialParticle);
        }
    }
}
