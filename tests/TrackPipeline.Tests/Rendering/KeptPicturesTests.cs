using TrackPipeline.Classification;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The render stage's kept selections stay bounded and end as the gallery needs them: the first track ids of a folder
/// keep their thumbnails and pages, the best scores of a category keep their candidate pictures, in whatever order the
/// tracks arrive, and a track pushed out loses its files.
/// </summary>
public sealed class KeptPicturesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tp-kept-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static QuestScores Scores(double neat)
    {
        var p = new double[QuestCategory.All.Length];
        p[QuestCategory.IndexOf(QuestCategory.NeatElectron)] = neat;
        // The neat electron's quest key is its probability (QuestRanking); the other categories do not rank it.
        var keys = new double[QuestCategory.Quest.Length];
        keys[Array.IndexOf(QuestCategory.Quest, QuestCategory.NeatElectron)] = neat;
        return new QuestScores(p, QuestCategory.NeatElectron, keys);
    }

    private void Offer(KeptPictures kept, KeptTrack t, QuestScores scores)
    {
        var wants = kept.Wants(t, scores);
        // Typed as the optional bytes: a null byte[] would convert to an empty (present) ReadOnlyMemory.
        kept.Commit(t, scores, wants.Thumbnail ? new ReadOnlyMemory<byte>([1]) : null, wants.EventPage ? new ReadOnlyMemory<byte>([2]) : null,
            wants.CandidatePicture ? new ReadOnlyMemory<byte>([3]) : null);
    }

    [Fact]
    public void Thumbnails_and_pages_keep_the_first_ids_of_a_folder_whatever_the_arrival_order()
    {
        var options = Shipped.Images;
        options.Mode = ImageMode.All;
        options.ContactSheetTracksPerPage = 2;
        options.ContactSheetMaxPages = 2;      // 4 thumbnails per folder
        options.IndexTracksPerFolder = 1;      // 1 page per folder
        var kept = new KeptPictures(_root, options, topPerCategory: 1);
        // Ten tracks, highest id first (the worst order: every one enters, then is pushed out), one folder.
        for (int i = 9; i >= 0; i--) Offer(kept, new KeptTrack("electrons", 1000, $"Track{i}"), Scores(0));

        var thumbnails = Directory.GetFiles(Path.GetDirectoryName(ImagePaths.Thumbnail(_root, "electrons", 1000, "x"))!).Select(f => Path.GetFileName(f)).Order().ToArray();
        Assert.Equal<string>(["Track0.png", "Track1.png", "Track2.png", "Track3.png"], thumbnails);
        var pages = Directory.GetFiles(Path.GetDirectoryName(EventDisplay.PagePath(_root, "electrons", 1000, "x"))!).Select(f => Path.GetFileName(f)).ToArray();
        Assert.Equal<string>(["Track0.html"], pages);
    }

    [Fact]
    public void Quest_mode_keeps_the_candidate_pictures_and_pages_of_the_best_scores_only()
    {
        var options = Shipped.Images;
        options.Mode = ImageMode.Quest;
        options.IndexTracksPerFolder = 0;
        var kept = new KeptPictures(_root, options, topPerCategory: 2);
        double[] scores = [0.1, 0.9, 0.3, 0.95, 0.2, 0.9, 0];
        for (int i = 0; i < scores.Length; i++) Offer(kept, new KeptTrack("photons", 5000, $"Track{i}"), Scores(scores[i]));

        // Best two: Track3 (0.95), then Track1 and Track5 tie at 0.9 and the lower id wins (QuestSelection's order).
        var pictures = Directory.GetFiles(Path.GetDirectoryName(ImagePaths.TrackImage(_root, "photons", 5000, "x"))!, "*.png").Select(f => Path.GetFileName(f)).Order().ToArray();
        Assert.Equal<string>(["Track1.png", "Track3.png"], pictures);
        var pages = Directory.GetFiles(Path.GetDirectoryName(EventDisplay.PagePath(_root, "photons", 5000, "x"))!).Select(f => Path.GetFileName(f)).Order().ToArray();
        Assert.Equal<string>(["Track1.html", "Track3.html"], pages);
        Assert.False(Directory.Exists(Path.GetDirectoryName(ImagePaths.Thumbnail(_root, "photons", 5000, "x"))), "quest mode draws no contact sheets");
    }

    /// <summary>
    /// breaker18 item 6: in quest mode index.html shows only tracks with a picture, so a page for a folder's first tracks
    /// (what index.html shows with --images all) was linked from nowhere: a quest run keeps pages of its candidates only.
    /// </summary>
    [Fact]
    public void Quest_mode_writes_no_page_for_a_track_without_a_picture()
    {
        var options = Shipped.Images;
        options.Mode = ImageMode.Quest;
        options.IndexTracksPerFolder = 12;
        var kept = new KeptPictures(_root, options, topPerCategory: 1);
        double[] scores = [0.1, 0.9, 0];
        for (int i = 0; i < scores.Length; i++) Offer(kept, new KeptTrack("photons", 5000, $"Track{i}"), Scores(scores[i]));

        var pages = Directory.GetFiles(Path.GetDirectoryName(EventDisplay.PagePath(_root, "photons", 5000, "x"))!).Select(f => Path.GetFileName(f)).Order().ToArray();
        Assert.Equal<string>(["Track1.html"], pages);
    }
}
