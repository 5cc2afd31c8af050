using System.Text.Json;
using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Output;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Round 12: a track called a pair where no vertex candidate shows a V (<see cref="ChargeNearVertex.ShowsV"/>) is still
/// framed on a candidate vertex (the round-9 fallback), but its caption said "frame on the V ..." where the charge showed
/// no V there (7 sample tracks at the shipped seed, among them the weird-pair quest picture's 10 MeV T1332163601: one of
/// the two first-cm arms on charge). The caption and the key must say what the picture shows.
/// </summary>
public sealed class NoVResolvedCaptionTests
{
    /// <summary>
    /// A track running through a vertex with a third prong leaving it (a crossing), called weird pair with a confident fit at
    /// the crossing: half the charge lies behind the vertex, so no candidate shows a V. Before round 12 its frame read
    /// "... frame on the V at the reconstructed vertex".
    /// </summary>
    [Fact]
    public void A_crossing_called_a_pair_is_framed_on_its_vertex_without_claiming_a_V()
    {
        var (_, _, frame) = ArmsOnChargeTests.Framed(ArmsOnChargeTests.Prongs(0, 40, 180));
        Assert.NotNull(frame.Vertex);
        Assert.False(frame.VResolved);
        string label = frame.Label(LengthUnit.Millimetre);
        Assert.DoesNotContain("on the V", label, StringComparison.Ordinal);
        // The reconstruction fitted a V there (the header gives its opening): said so, with what the charge does not show.
        Assert.True(frame.VFitted);
        Assert.Contains("V fitted by the reconstruction; at the + ", label, StringComparison.Ordinal);
        Assert.DoesNotContain("no V resolved", label, StringComparison.Ordinal);
        Assert.Contains("V fitted by the reconstruction", frame.VertexKey!, StringComparison.Ordinal);
        Assert.DoesNotContain("no V resolved", frame.VertexKey!, StringComparison.Ordinal);
    }

    /// <summary>A clean V of two prongs keeps its V caption and key.</summary>
    [Fact]
    public void A_clean_V_keeps_its_V_caption()
    {
        var (_, _, frame) = ArmsOnChargeTests.Framed(ArmsOnChargeTests.Prongs(-20, 20));
        Assert.True(frame.VResolved);
        Assert.Contains("on the V", frame.Label(LengthUnit.Millimetre), StringComparison.Ordinal);
        Assert.DoesNotContain("no V resolved", frame.VertexKey!, StringComparison.Ordinal);
    }
}

/// <summary>
/// The sample's 10, 20 and 50 MeV photons (18 tracks, pairs and Compton photons, copied without their pickles: nothing can read
/// the truth), `run --images all` at the shipped seed: every event page whose frame has a <c>+</c> says either that it is on
/// a V, and then draws that V's two arms on charge, or that no V was resolved there. Whichever tracks the classifier calls
/// a pair, the caption may not claim a V the page does not draw (before round 12: 3 of these pages said "on the V" with one
/// or no arm on charge). And a page whose header gives the reconstruction's fitted V ("reco: V opening 31.2 deg", its
/// tracks-table row) never says "no V resolved" (round 12's breaker: 50 MeV T1332032077, 20 MeV T1332284855); one without
/// a fitted V never says it was fitted.
/// </summary>
public sealed class NoVResolvedOnSampleTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-no-v-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SharedDataFact]
    public async Task A_page_framed_on_a_vertex_claims_a_V_only_with_two_arms_on_charge()
    {
        var input = Path.Combine(_work, "in");
        foreach (var energy in new[] { 10000, 20000, 50000 })
        {
            var from = Path.Combine(TestData.TracksRoot!, "LAr", "photons", ImagePaths.EnergyFolder(energy));
            var to = Directory.CreateDirectory(Path.Combine(input, "LAr", "photons", ImagePaths.EnergyFolder(energy))).FullName;
            foreach (var f in Directory.GetFiles(from, "*.npz")) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", output, "--images", "all"]));
        var pages = Directory.GetFiles(Path.Combine(output, "events"), "*.html", SearchOption.AllDirectories).Where(p => !p.EndsWith("index.html", StringComparison.Ordinal)).ToList();
        Assert.Equal(18, pages.Count);
        // The reconstruction's fitted V per track, as the pictures' header gives it ("reco: V opening 31.2 deg", KeyFigures).
        var fitted = (await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder), [TrackColumns.TrackId, KeyFigures.RecoOpeningAngleColumn])).Rows
            .ToDictionary(r => (string)r[TrackColumns.TrackId]!, r => KeyFigures.Number(r, KeyFigures.RecoOpeningAngleColumn) is not null);
        int withPlus = 0;
        foreach (var page in pages)
        {
            var data = PageData(page);
            string frameLabel = data.GetProperty("frameLabel").GetString()!;
            string id = Path.GetFileNameWithoutExtension(page);
            // Round 12's breaker: "reco: V opening 31.2 deg" over "called a pair, no V resolved there" (50 MeV T1332032077).
            if (fitted[id])
            {
                Assert.False(frameLabel.Contains("no V resolved", StringComparison.Ordinal), $"{id}: header gives a fitted V, caption \"{frameLabel}\"");
                Assert.DoesNotContain(RecoNames(data), e => e.Contains("no V resolved", StringComparison.Ordinal));
            }
            else Assert.False(frameLabel.Contains("V fitted by the reconstruction", StringComparison.Ordinal), $"{id}: no V fitted, caption \"{frameLabel}\"");
            var reco = data.GetProperty("reco");
            if (!reco.EnumerateArray().Any(e => e.GetProperty("symbol").GetString() == "cross")) continue;
            withPlus++;
            string label = data.GetProperty("frameLabel").GetString()!;
            bool claimsV = label.Contains(" on the V", StringComparison.Ordinal);
            bool saysNotTwoArms = label.Contains("no V resolved", StringComparison.Ordinal) || label.Contains("V fitted by the reconstruction; at the +", StringComparison.Ordinal);
            Assert.True(claimsV ^ saysNotTwoArms, $"{Path.GetFileName(page)}: \"{label}\" says neither or both");
            if (claimsV) Assert.True(DashedArms(reco) == 2, $"{Path.GetFileName(page)}: \"{label}\" with {DashedArms(reco)} dashed arm(s) on charge");
        }
        Assert.True(withPlus > 0, "no page framed on a vertex: the test shows nothing");
        Assert.True(fitted.Values.Any(f => f), "no track with a fitted V: the header test shows nothing");
    }

    /// <summary>The names of the page's reconstructed entries (its legend).</summary>
    private static List<string> RecoNames(JsonElement data) => [.. data.GetProperty("reco").EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];

    /// <summary>Segments of the page's dashed entry (the pictures' dashed arms, as far as the charge runs along them).</summary>
    private static int DashedArms(JsonElement reco) =>
        reco.EnumerateArray().Where(e => e.GetProperty("dash").GetString() == "dash")
            .Sum(e => e.GetProperty("lines").GetProperty("x").EnumerateArray().Count(v => v.ValueKind == JsonValueKind.Number) / 2);

    private static JsonElement PageData(string path)
    {
        var html = File.ReadAllText(path);
        const string open = "<script type=\"application/json\" id=\"event-data\">";
        int start = html.IndexOf(open, StringComparison.Ordinal) + open.Length;
        return JsonDocument.Parse(html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)]).RootElement.Clone();
    }
}
