using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Tracks;

public sealed class DatasetDiscoveryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tp-discovery-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Touch(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
        return path;
    }

    [Fact]
    public void Finds_tracks_at_any_depth_in_deterministic_order_and_pairs_pickles()
    {
        Touch("deep/er/LAr/photons/E0010000/TrackE0010000_B.npz");
        Touch("deep/er/LAr/photons/E0010000/TrackE0010000_B.pickle");
        Touch("LAr/electrons/E0001000/TrackE0001000_A.npz");
        Touch("LAr/electrons/E0001000/TrackE0001000_A.pickle");
        Touch("LAr/electrons/E0001000/TrackE0001000_Z.npz"); // no pickle
        Touch("LAr/electrons/E0001000/notes.ipynb");
        Touch("LAr/electrons/E0001000/TrackE0001000_A.npz.part");
        Touch("LAr/electrons/E001000/TrackE0001000_X.npz"); // energy folder of 6 digits: not a dataset folder
        Touch("LXe/positrons/E0000300/TrackE0000300_C.c.npz");
        Touch("LXe/positrons/E0000300/TrackE0000300_C.pickle");

        var found = DatasetDiscovery.Discover(_root).ToList();

        Assert.Equal(["TrackE0001000_A", "TrackE0001000_Z", "TrackE0000300_C", "TrackE0010000_B"], found.Select(s => s.Name));
        var a = found[0];
        Assert.Equal(("LAr", "electrons", 1000), (a.Material, a.Particle, a.EnergyKev));
        Assert.EndsWith("TrackE0001000_A.pickle", a.PicklePath);
        Assert.Null(found[1].PicklePath);
        Assert.True(found[2].IsCompressed);
        Assert.Equal(("LXe", "positrons", 300), (found[2].Material, found[2].Particle, found[2].EnergyKev));
        Assert.Equal("deep/er/LAr/photons/E0010000/TrackE0010000_B.npz", found[3].RelativePath);
        Assert.Equal("particle=photons/energy_kev=10000", TrackPipeline.Output.HivePartition.Of(found[3]));
    }

    [Fact]
    public void Compressed_copy_is_read_only_when_the_raw_track_is_absent_unless_asked()
    {
        Touch("LAr/electrons/E0001000/TrackE0001000_A.npz");
        Touch("LAr/electrons/E0001000/TrackE0001000_A.c.npz");
        Touch("LAr/electrons/E0001000/TrackE0001000_A.pickle");

        Assert.Equal(["TrackE0001000_A"], DatasetDiscovery.Discover(_root).Select(s => s.Name));
        Assert.False(DatasetDiscovery.Discover(_root).Single().IsCompressed);
        Assert.Equal(["TrackE0001000_A", "TrackE0001000_A.c"],
            DatasetDiscovery.Discover(_root, CompressedTrackPolicy.Both).Select(s => s.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Missing_root_is_a_clear_error()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => DatasetDiscovery.Discover(Path.Combine(_root, "nope")).ToList());
        Assert.Contains("nope", e.Message);
    }

    [Fact]
    public void A_linked_folder_is_walked_like_a_folder_and_a_link_back_up_is_one_error_row()
    {
        // Tracks kept elsewhere, linked in as an energy folder and as a particle folder (how datasets get assembled).
        Touch("store/E0020000/TrackE0020000_L.npz");
        Touch("store/photons/E0050000/TrackE0050000_P.npz");
        Directory.CreateDirectory(Path.Combine(_root, "in", "LAr", "electrons"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "in", "LAr", "electrons", "E0020000"), Path.Combine(_root, "store", "E0020000"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "in", "LAr", "photons"), Path.Combine("..", "..", "store", "photons"));   // relative target
        // A link to a folder above it: followed, the walk would never end.
        Directory.CreateSymbolicLink(Path.Combine(_root, "in", "LAr", "electrons", "loop"), Path.Combine(_root, "in", "LAr"));

        var found = DatasetDiscovery.Discover(Path.Combine(_root, "in")).ToList();

        Assert.Equal(["LAr/electrons/E0020000/TrackE0020000_L.npz", "LAr/electrons/loop", "LAr/photons/E0050000/TrackE0050000_P.npz"],
            found.Select(s => s.RelativePath).ToArray());
        Assert.Equal(("electrons", 20000), (found[0].Particle, found[0].EnergyKev));
        Assert.Equal(("photons", 50000), (found[2].Particle, found[2].EnergyKev));
        Assert.Contains("not followed (a cycle)", found[1].Problem);
    }

    [Fact]
    public void A_file_given_as_the_input_is_named_as_a_file()
    {
        var file = Touch("LAr/electrons/E0001000/TrackE0001000_A.npz");
        var error = Assert.Throws<DirectoryNotFoundException>(() => DatasetDiscovery.Discover(file).ToList());
        Assert.Contains("is a file, not a folder", error.Message);
    }
}
