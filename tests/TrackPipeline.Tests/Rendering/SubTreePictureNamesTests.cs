using System.Text.RegularExpressions;
using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Output;
using TrackPipeline.Rendering;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Known issue R2: tracks with the same file name in two sub-trees of the input (copies, campaigns) overwrote each
/// other's pictures, thumbnails and event pages, which were named by the track id alone. They are named by the path
/// below the input root now (<see cref="PictureName"/>); a track at the usual place keeps its track id as name.
/// </summary>
public sealed partial class SubTreePictureNamesTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-subtree-names-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("TrackE1_T1", "LAr/photons/E0020000/TrackE1_T1.npz", "TrackE1_T1")]        // the usual layout: unchanged
    [InlineData("TrackE1_T1", "photons/E0020000/TrackE1_T1.npz", "TrackE1_T1")]            // root = the material folder
    [InlineData("TrackE1_T1", "TrackE1_T1.npz", "TrackE1_T1")]                             // root = the energy folder
    [InlineData("TrackE1_T1", "c2/LAr/photons/E0020000/TrackE1_T1.npz", "c2~TrackE1_T1")]
    [InlineData("TrackE1_T1", "run_7/c2/LAr/photons/E0020000/TrackE1_T1.npz", "run_7~c2~TrackE1_T1")]
    public void A_track_is_named_by_the_folders_above_its_material(string trackId, string sourcePath, string expected) =>
        Assert.Equal(expected, PictureName.Of(trackId, sourcePath));

    [Fact]
    public void Folders_a_file_name_or_link_cannot_carry_are_replaced_and_stay_distinct_by_a_digest()
    {
        const string tail = "/LAr/photons/E0020000/T.npz";
        string[] prefixes = ["a~b", "a/b", "a b", "a_b", "a#b", ".hidden", "_hidden", "a?b", "é"];
        var names = prefixes.Select(p => PictureName.Of("T", p + tail)).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.Matches(SafeName(), n));
        Assert.Equal("a_b~T", PictureName.Of("T", "a_b" + tail));             // nothing lost: no digest
        Assert.Matches(@"^a_b-[0-9a-f]{8}~T$", PictureName.Of("T", "a b" + tail));
        Assert.DoesNotMatch(@"^\.", PictureName.Of("T", ".hidden" + tail));   // never a hidden file
        // Breaker B4: a folder named like a digested name does not take that name.
        var digested = PictureName.Of("T", "c 1" + tail);
        Assert.NotEqual(digested, PictureName.Of("T", digested[..^2] + tail));
        // Breaker B3: a deep tree's name stays short enough for a file name with the temporary suffix, and distinct.
        string deep = string.Join('/', Enumerable.Repeat(new string('d', 120), 3));
        var long1 = PictureName.Of("TrackE0010000_D20250527_T1332163601", deep + "/a" + tail);
        var long2 = PictureName.Of("TrackE0010000_D20250527_T1332163601", deep + "/b" + tail);
        Assert.True(long1.Length <= 160, long1);
        Assert.NotEqual(long1, long2);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._~-]*$")]
    private static partial Regex SafeName();

    /// <summary>Three real tracks in two sub-trees c1/ and c2/, and one of them also at the usual place: seven pictures, not three.</summary>
    [SharedDataFact]
    public async Task The_same_file_name_in_two_sub_trees_gets_its_own_picture_thumbnail_and_event_page_everywhere_it_is_linked()
    {
        var input = Path.Combine(_work, "in");
        var sample = Path.Combine(TestData.TracksRoot!, "LAr", "photons", "E0020000");
        var tracks = Directory.GetFiles(sample, "*.npz").Order(StringComparer.Ordinal).Take(3).ToList();
        foreach (var (tree, take) in new[] { ("c1/", 3), ("c2/", 3), ("", 1) })
        {
            var to = Directory.CreateDirectory(Path.Combine(input, tree + "LAr/photons/E0020000")).FullName;
            foreach (var npz in tracks.Take(take))
                foreach (var f in (string[])[npz, Path.ChangeExtension(npz, ".pickle")])
                    File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", output, "--images", "all"]));

        var rows = (await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder))).Rows;
        Assert.Equal(7, rows.Count);
        var names = rows.Select(PictureName.Of).ToList();
        Assert.Equal(7, names.Distinct(StringComparer.Ordinal).Count());
        foreach (var name in names)
        {
            Assert.True(File.Exists(ImagePaths.TrackImage(output, "photons", 20000, name)), $"no picture {name}");
            Assert.True(File.Exists(ImagePaths.Thumbnail(output, "photons", 20000, name)), $"no thumbnail {name}");
            Assert.True(File.Exists(EventDisplay.PagePath(output, "photons", 20000, name)), $"no event page {name}");
        }
        var folder = Path.GetDirectoryName(ImagePaths.TrackImage(output, "photons", 20000, "x"))!;
        Assert.Equal(7, Directory.GetFiles(folder, "Track*.png").Length + Directory.GetFiles(folder, "c?~Track*.png").Length);
        // The track at the usual place keeps its track id as name: a single-tree output is unchanged.
        var id = Path.GetFileNameWithoutExtension(tracks[0]);
        Assert.True(File.Exists(ImagePaths.TrackImage(output, "photons", 20000, id)));

        // Every link of index.html (pictures, thumbnails via sheets, 3D pages) resolves, and each picture is linked once per track.
        var index = await File.ReadAllTextAsync(ImagePaths.Index(output));
        var links = Href().Matches(index).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.All(links, l => Assert.True(File.Exists(Path.Combine(output, l)), $"index.html links {l}, which does not exist"));
        foreach (var name in names)
        {
            Assert.Contains($"images/photons/E0020000/{name}.png", links);
            Assert.Contains($"events/photons/E0020000/{name}.html", links);
        }
        // An event page links its own picture.
        var page = await File.ReadAllTextAsync(EventDisplay.PagePath(output, "photons", 20000, "c2~" + id));
        Assert.Contains($"E0020000/c2~{id}.png\"", page);
    }

    /// <summary>
    /// breaker19 F2: the tables' track_id was the bare file stem, so the same file name in two sub-trees gave one track_id
    /// twice in a partition and the pixels (keyed by track_id alone) joined to both tracks. It is the pictures' name now
    /// (one rule, <see cref="TrackIdentity"/>): unique, pixels join to tracks one to one, the usual place unchanged.
    /// </summary>
    [SharedDataFact]
    public async Task The_same_file_name_in_two_sub_trees_gets_two_track_ids_and_its_pixels_join_to_one_track()
    {
        var input = Path.Combine(_work, "in");
        var sample = Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000");
        var tracks = Directory.GetFiles(sample, "*.npz").Order(StringComparer.Ordinal).Take(2).ToList();
        foreach (var tree in (string[])["c1/", "c2/", ""])
        {
            var to = Directory.CreateDirectory(Path.Combine(input, tree + "LAr/electrons/E0001000")).FullName;
            foreach (var npz in tracks)
                foreach (var f in (string[])[npz, Path.ChangeExtension(npz, ".pickle")])
                    File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", output, "--images", "none"]));

        var rows = (await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder))).Rows;
        var ids = rows.Select(r => (string)r[TrackColumns.TrackId]!).ToList();
        Assert.Equal(6, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(rows, r => Assert.Equal(PictureName.Of(r), (string)r[TrackColumns.TrackId]!));
        foreach (var npz in tracks)
        {
            var stem = Path.GetFileNameWithoutExtension(npz);
            Assert.Contains(stem, ids);                   // the usual place: the file stem, as before
            Assert.Contains("c1~" + stem, ids);
            Assert.Contains("c2~" + stem, ids);
        }
        // Every pixel names one track, and each copy has its own pixels.
        var pixels = (await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.PixelsFolder), ["track_id"])).Rows;
        Assert.NotEmpty(pixels);
        var byTrack = pixels.GroupBy(p => (string)p["track_id"]!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.All(byTrack.Keys, id => Assert.Single(ids, id));
        Assert.Equal(6, byTrack.Count);
    }

    [Theory]
    [InlineData("TrackE1_T1", "LAr/photons/E0020000/TrackE1_T1.npz")]
    [InlineData("TrackE1_T1", "c2/LAr/photons/E0020000/TrackE1_T1.npz")]
    [InlineData("TrackE1_T1.c", "a b/c2/LAr/photons/E0020000/TrackE1_T1.c.npz")]
    public void A_track_id_gives_its_file_stem_back_and_is_its_own_id(string stem, string sourcePath)
    {
        var id = TrackIdentity.Of(stem, sourcePath);
        Assert.Equal(id, TrackIdentity.Of(id, sourcePath));          // a table's track_id names its own pictures
        Assert.Equal(stem, TrackIdentity.NameOf(id, sourcePath));     // and its shard (keyed on the stem)
        Assert.Equal(stem, TrackIdentity.NameOf(stem, sourcePath));   // an output written before: bare stems
    }

    [GeneratedRegex("href=\"([^\"#]+)\"")]
    private static partial Regex Href();
}
