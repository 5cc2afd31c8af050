using TrackPipeline.Classification;
using TrackPipeline.Output;

namespace TrackPipeline.Rendering;

/// <summary>What the render stage keeps on disk for the post-run pictures, besides the track pictures of <c>--images all</c>.</summary>
public enum KeptKind
{
    /// <summary>The raw view of a contact sheet or comparison sheet (<see cref="ImagePaths.Thumbnail"/>).</summary>
    Thumbnail,
    /// <summary>The interactive 3D page (<see cref="EventDisplay.PagePath"/>).</summary>
    EventPage,
    /// <summary>The track picture of a quest candidate in <c>--images quest</c> mode (<see cref="ImagePaths.TrackImage"/>).</summary>
    CandidatePicture,
}

/// <summary>One track as the kept selections see it: where its pictures go, and its score when ranked in a category.</summary>
public readonly record struct KeptTrack(string Particle, int EnergyKev, string TrackId, double Score = 0)
{
    /// <summary>The name its pictures go by (<see cref="PictureName"/>): the track id unless it lies in a sub-tree of the input.</summary>
    public string Picture { get; init; } = TrackId;
    /// <summary>The digest of its deposits (<see cref="TrackColumns.DepositDigest"/>) and its path below the input root: what equal scores rank by, as in <see cref="QuestTally"/>.</summary>
    public string? DepositDigest { get; init; }
    public string? SourcePath { get; init; }
}

/// <summary>
/// The tracks whose post-run pictures the render stage draws while it has them in hand, so that the gallery never
/// reads a track back from disk (issue 14 item 4). Bounded selections, whatever the dataset size:
/// <list type="bullet">
/// <item>per energy folder, the first <c>ContactSheetMaxPages x ContactSheetTracksPerPage</c> track ids (the tracks the
/// contact sheets show, and the comparison sheet's first of each folder): a thumbnail each;</item>
/// <item>per energy folder, the first <c>IndexTracksPerFolder</c> ids (the tracks index.html shows, with <c>--images all</c>): an event page each;</item>
/// <item>per quest category, the best <c>QuestTopPerCategory</c> scores (ties by the deposits' digest, then the path, as
/// <see cref="QuestTally"/> ranks): an event page each and, in quest mode, the track picture.</item>
/// </list>
/// A track pushed out of every selection that held an artefact loses it (the file is deleted), so the disk holds a bounded
/// number too. Each process keeps its own selections: the candidates of the whole output (all shards, earlier runs)
/// are a subset of the union of what each process kept, so a merge pass finds their pictures on disk.
/// </summary>
public sealed class KeptPictures
{
    private readonly object _lock = new();
    private readonly string _root;
    private readonly int _thumbnailsPerFolder, _pagesPerFolder, _topPerCategory;
    private readonly bool _candidatePages, _candidatePictures, _allPictures;
    private readonly Dictionary<(string, int), Selection> _thumbnails = [];
    private readonly Dictionary<(string, int), Selection> _pages = [];
    private readonly Dictionary<string, Selection> _best = new(StringComparer.Ordinal);
    /// <summary>The render stage's files (pictures, thumbnails, event pages) are flushed to disk off the drawing workers (<see cref="DeferredSync"/>).</summary>
    public DeferredSync Sync { get; } = new();
    /// <summary>How many selections hold each written artefact (path), for this process only.</summary>
    private readonly Dictionary<string, int> _holders = new(StringComparer.Ordinal);

    public KeptPictures(string outputRoot, RenderOptions options, int topPerCategory)
    {
        _root = outputRoot;
        bool all = options.Mode == ImageMode.All;
        _thumbnailsPerFolder = !all ? 0 : options.ContactSheetMaxPages == 0 ? int.MaxValue : options.ContactSheetMaxPages * options.ContactSheetTracksPerPage;
        // index.html shows a folder's first tracks that have a picture: all of them with --images all; in quest mode only
        // candidates have one, and their pages are the candidates' (a first track's page was linked from nowhere, breaker18).
        _pagesPerFolder = options.EventDisplays && all ? options.IndexTracksPerFolder : 0;
        _topPerCategory = topPerCategory;
        _candidatePages = options.EventDisplays;
        _candidatePictures = options.Mode == ImageMode.Quest;
        _allPictures = all;
    }

    /// <summary>Which artefacts a track would get now (a selection only gets stricter, so the commit keeps a subset).</summary>
    public (bool Thumbnail, bool EventPage, bool CandidatePicture) Wants(KeptTrack track, QuestScores? scores)
    {
        lock (_lock)
        {
            bool thumbnail = Would(_thumbnails, (track.Particle, track.EnergyKev), _thumbnailsPerFolder, track);
            bool page = Would(_pages, (track.Particle, track.EnergyKev), _pagesPerFolder, track);
            bool candidate = (_candidatePages || _candidatePictures) && WouldRankAny(track, scores);
            return (thumbnail, page || (candidate && _candidatePages), candidate && _candidatePictures);
        }
    }

    /// <summary>
    /// Enters the track in every selection that still takes it, writes the artefacts they hold (given as bytes; a null
    /// is one <see cref="Wants"/> did not ask for) and deletes those of the tracks pushed out. Returns the first artefact
    /// that could not be written (the others are written all the same), or null. The bytes are written before this returns
    /// (a render worker's buffers, reused for its next track).
    /// </summary>
    public WriteFailure? Commit(KeptTrack track, QuestScores? scores, ReadOnlyMemory<byte>? thumbnail, ReadOnlyMemory<byte>? eventPage, ReadOnlyMemory<byte>? candidatePicture)
    {
        ReadOnlyMemory<byte>? BytesOf(KeptKind kind) => kind switch
        {
            KeptKind.Thumbnail => thumbnail,
            KeptKind.EventPage => eventPage,
            _ => candidatePicture,
        };
        lock (_lock)
        {
            // The page links the track picture only when there is one: every track's with --images all, in quest mode the
            // candidate picture this commit writes (a track may rank in no category by now, or not be a candidate at all).
            if (eventPage is { } linked && !_allPictures && !(candidatePicture is not null && WouldRankAny(track, scores)))
                eventPage = EventDisplay.WithoutPictureLink(linked, track.Particle, track.EnergyKev, track.Picture);
            // Every selection is entered whatever failed before (a failed file costs only itself); the first failure is said.
            var failure = Enter(_thumbnails, (track.Particle, track.EnergyKev), _thumbnailsPerFolder, ById, [KeptKind.Thumbnail], track, BytesOf);
            var page = Enter(_pages, (track.Particle, track.EnergyKev), _pagesPerFolder, ById, [KeptKind.EventPage], track, BytesOf);
            failure ??= page;
            if (scores is null) return failure;
            foreach (var category in QuestCategory.Quest)
            {
                double key = scores.QuestKey(category);
                if (!(key > 0)) continue;
                var candidate = Enter(_best, category, _topPerCategory, ByScore, CandidateKinds, track with { Score = key }, BytesOf);
                failure ??= candidate;
            }
            return failure;
        }
    }


    /// <summary>What a quest candidate holds: its event page, and its track picture in quest mode.</summary>
    private KeptKind[] CandidateKinds => (_candidatePages, _candidatePictures) switch
    {
        (true, true) => [KeptKind.EventPage, KeptKind.CandidatePicture],
        (true, false) => [KeptKind.EventPage],
        (false, true) => [KeptKind.CandidatePicture],
        _ => [],
    };

    /// <summary>Where an artefact of a track goes.</summary>
    public string PathOf(KeptKind kind, KeptTrack t) => kind switch
    {
        KeptKind.Thumbnail => ImagePaths.Thumbnail(_root, t.Particle, t.EnergyKev, t.Picture),
        KeptKind.EventPage => EventDisplay.PagePath(_root, t.Particle, t.EnergyKev, t.Picture),
        _ => ImagePaths.TrackImage(_root, t.Particle, t.EnergyKev, t.Picture),
    };

    private bool WouldRankAny(KeptTrack t, QuestScores? scores)
    {
        if (scores is null) return false;
        foreach (var category in QuestCategory.Quest)
            if (WouldRank(category, t with { Score = scores.QuestKey(category) })) return true;
        return false;
    }

    private bool WouldRank(string category, KeptTrack t) =>
        t.Score > 0 && Would(_best, category, _topPerCategory, t);   // QuestSelection ranks positive scores only

    private static bool Would<TKey>(Dictionary<TKey, Selection> selections, TKey key, int capacity, KeptTrack t) where TKey : notnull =>
        capacity > 0 && (!selections.TryGetValue(key, out var s) || s.Admits(t));

    /// <summary>
    /// Enters a track in one selection when it takes it and every artefact its members hold is at hand. An artefact that
    /// cannot be written is returned (and not counted as held: nothing of it is on disk).
    /// </summary>
    private WriteFailure? Enter<TKey>(Dictionary<TKey, Selection> selections, TKey key, int capacity, IComparer<KeptTrack> order, KeptKind[] kinds, KeptTrack t,
        Func<KeptKind, ReadOnlyMemory<byte>?> bytesOf) where TKey : notnull
    {
        if (capacity <= 0 || kinds.Length == 0 || kinds.Any(k => bytesOf(k) is null)) return null;
        if (!selections.TryGetValue(key, out var selection)) selections[key] = selection = new Selection(capacity, order, kinds);
        if (!selection.TryAdd(t, out var pushedOut)) return null;
        WriteFailure? failure = null;
        foreach (var kind in kinds)
        {
            var path = PathOf(kind, t);
            int holders = _holders.GetValueOrDefault(path);
            var bytes = bytesOf(kind)!.Value;
            // On the render worker, synchronously (see RenderStage); flushed to disk on Sync's thread.
            if (holders == 0 && AtomicFile.TryWrite(path, s => s.Write(bytes.Span), Sync) is { } failed)
            {
                failure ??= failed;
                continue;
            }
            _holders[path] = holders + 1;
        }
        if (pushedOut is { } gone)
        {
            foreach (var kind in kinds) Release(PathOf(kind, gone));
            // Its picture gone, a page another selection still holds (index.html shows the track) must not link it.
            var picture = PathOf(KeptKind.CandidatePicture, gone);
            if (kinds.Contains(KeptKind.CandidatePicture) && !_holders.ContainsKey(picture) && _holders.ContainsKey(PathOf(KeptKind.EventPage, gone)))
                EventDisplay.UnlinkPicture(PathOf(KeptKind.EventPage, gone));
        }
        return failure;
    }

    private void Release(string path)
    {
        if (!_holders.TryGetValue(path, out var holders)) return;
        if (holders > 1) { _holders[path] = holders - 1; return; }
        _holders.Remove(path);
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }   // a leftover costs disk, never the run
    }

    /// <summary>
    /// Folders: the first track ids in ordinal order, as the contact sheets and index.html list them; the same id in two
    /// sub-trees of the input by picture name (<see cref="Gallery"/> orders its rows alike).
    /// </summary>
    private static readonly IComparer<KeptTrack> ById = Comparer<KeptTrack>.Create((a, b) =>
    {
        int c = string.CompareOrdinal(a.TrackId, b.TrackId);
        return c != 0 ? c : string.CompareOrdinal(a.Picture, b.Picture);
    });

    /// <summary>
    /// Categories: highest score first, ties by the deposits' digest, then the path below the input root, as
    /// <see cref="QuestTally"/> ranks (never by the track id: its name carries the true energy); then by folder and picture
    /// name, so that two tracks never compare equal.
    /// </summary>
    private static readonly IComparer<KeptTrack> ByScore = Comparer<KeptTrack>.Create((a, b) =>
    {
        int c = b.Score.CompareTo(a.Score);
        if (c == 0) c = string.CompareOrdinal(a.DepositDigest, b.DepositDigest);
        if (c == 0) c = string.CompareOrdinal(a.SourcePath, b.SourcePath);
        if (c == 0) c = string.CompareOrdinal(a.Particle, b.Particle);
        if (c == 0) c = a.EnergyKev.CompareTo(b.EnergyKev);
        return c != 0 ? c : string.CompareOrdinal(a.Picture, b.Picture);
    });

    /// <summary>The best <c>capacity</c> tracks in one order; <see cref="Kinds"/> are the artefacts its members hold.</summary>
    private sealed class Selection(int capacity, IComparer<KeptTrack> order, KeptKind[] kinds)
    {
        private readonly SortedSet<KeptTrack> _members = new(order);
        public KeptKind[] Kinds { get; } = kinds;

        public bool Admits(KeptTrack t) => _members.Count < capacity || order.Compare(t, _members.Max) < 0;

        public bool TryAdd(KeptTrack t, out KeptTrack? pushedOut)
        {
            pushedOut = null;
            if (!Admits(t) || !_members.Add(t)) return false;
            if (_members.Count <= capacity) return true;
            var worst = _members.Max;
            _members.Remove(worst);
            pushedOut = worst;
            return true;
        }
    }
}
