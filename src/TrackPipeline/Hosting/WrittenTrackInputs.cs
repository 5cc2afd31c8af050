using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Tracks;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// The inputs of a tracks part's written tracks against what the part holds (<see cref="PartsToProcessAgain"/>): a
/// <c>.npz</c> or <c>.pickle</c> modified since the part was written, a <c>.pickle</c> gone while the row has truth, or a
/// track without truth whose <c>.pickle</c> no errors row names (its row lost with a deleted errors part). One stat per
/// file; a changed <c>.npz</c> is read once, with the read stage's limits, and one that does not read now keeps its
/// track as written. What cannot be told (a file dated after this run's start) or is kept so is counted for one note each.
/// </summary>
/// <param name="errorFiles">Lists, when first needed, the error files whose truth-only rows name the written tracks' refused pickles (this run's carried ones and a coarser shard's).</param>
internal sealed class WrittenTrackInputs(string inputRoot, TrackLimits limits, DateTime now, Func<IReadOnlyList<string>> errorFiles, CancellationToken cancellationToken)
{
    private int _futureDated, _unreadable;
    private string? _futureExample, _unreadableExample;
    private HashSet<string>? _pickleRows;
    private bool _rowsRead;

    /// <summary>
    /// The pickles named by the errors rows: read once, only when a track without truth has a .pickle; null when one of
    /// the files cannot be read (nothing is then said lost: DamagedParts refuses this run's own, a coarser one is warned
    /// about at the carry).
    /// </summary>
    private async Task<HashSet<string>?> PicklesWithRows()
    {
        if (_rowsRead) return _pickleRows;
        _rowsRead = true;
        try
        {
            var rows = await TruthOnlyRows.ReadAsync(errorFiles(), cancellationToken);
            _pickleRows = new HashSet<string>(rows.Select(r => r.Failure!.SourcePath), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is not OperationCanceledException) { _pickleRows = null; }
        return _pickleRows;
    }

    /// <summary>
    /// The first input of the part's tracks that changed since <paramref name="partWritten"/> (<c>Changed</c>), else the
    /// first <c>.pickle</c> of a track without truth that no errors row names (<c>LostRow</c>); both null when neither.
    /// </summary>
    public async Task<(string? Changed, string? LostRow)> CheckAsync(PartsToProcessAgain.PartColumns columns, DateTime partWritten)
    {
        string? changed = null, lostRow = null;
        for (int i = 0; i < columns.SourcePaths!.Count && changed is null; i++)
        {
            var npz = new FileInfo(Path.Combine(inputRoot, columns.SourcePaths[i]));
            if (!npz.Exists) continue;   // gone: the part is kept (PartsToProcessAgain)
            var pickleRelative = PickleOf(columns.SourcePaths[i]);
            var pickle = new FileInfo(Path.Combine(inputRoot, pickleRelative));
            bool hasTruth = columns.FirstInteraction?[i] is not null;
            changed = ChangedInput(npz, pickle, partWritten, out bool keptAsWritten);
            if (keptAsWritten) continue;
            if (changed is not null || columns.FirstInteraction is null) continue;
            if (hasTruth && !pickle.Exists && !Directory.Exists(pickle.FullName)) changed = $"{pickle.FullName} (gone, its track's row has truth)";
            else if (!hasTruth && pickle.Exists && lostRow is null && await PicklesWithRows() is { } withRows && !withRows.Contains(pickleRelative))
                lostRow = pickleRelative;
        }
        return (changed, lostRow);
    }

    /// <summary>The first of a written track's input files (by its source_path) modified since its part was written, or null.</summary>
    public string? ChangedInput(string sourcePath, DateTime partWritten)
    {
        var npz = new FileInfo(Path.Combine(inputRoot, sourcePath));
        return npz.Exists ? ChangedInput(npz, new FileInfo(Path.Combine(inputRoot, PickleOf(sourcePath))), partWritten, out _) : null;
    }

    /// <summary>One line each for the tracks kept as written because their changed .npz does not read now, and for inputs dated after this run's start.</summary>
    public IEnumerable<string> Notes()
    {
        if (_unreadable > 0)
            yield return $"{_unreadable} input .npz files of written tracks changed since their tracks were written and do not read now " +
                $"(e.g. {_unreadableExample}): those tracks are kept as written; delete their tracks part to leave them out, or restore the files";
        if (_futureDated > 0)
            yield return $"{_futureDated} input files of written tracks are dated after this run's start (e.g. {_futureExample}; another machine's clock?): " +
                "whether they changed since their tracks were written cannot be told, so those tracks are kept as written";
    }

    /// <summary>
    /// The first of a written track's two files modified since its part was written, one stat each (null: neither). A
    /// changed .npz that does not read now (emptied to save disk before a merge pass, damaged) keeps its track as written:
    /// processing it again would cost a good track for a file that no longer holds one.
    /// </summary>
    private string? ChangedInput(FileInfo npz, FileInfo pickle, DateTime partWritten, out bool keptAsWritten)
    {
        keptAsWritten = false;
        foreach (var file in (FileInfo[])[npz, pickle])
        {
            if (!file.Exists || file.LastWriteTimeUtc <= partWritten) continue;
            if (file.LastWriteTimeUtc > now)
            {
                if (_futureDated++ == 0) _futureExample = file.FullName;
                continue;
            }
            if (file == npz && TrackReader.DepositsProblemOf(npz.FullName, limits) is { } problem)
            {
                if (_unreadable++ == 0) _unreadableExample = $"{npz.FullName} ({problem.Message})";
                keptAsWritten = true;
                return null;
            }
            return file.FullName;
        }
        return null;
    }

    /// <summary>The .pickle beside a track's .npz (raw <c>NAME.npz</c> or compressed <c>NAME.c.npz</c>): <c>NAME.pickle</c>.</summary>
    private static string PickleOf(string npzPath)
    {
        var stem = npzPath.EndsWith(".c.npz", StringComparison.Ordinal) ? npzPath[..^".c.npz".Length]
            : npzPath.EndsWith(".npz", StringComparison.Ordinal) ? npzPath[..^".npz".Length] : npzPath;
        return stem + ".pickle";
    }
}
