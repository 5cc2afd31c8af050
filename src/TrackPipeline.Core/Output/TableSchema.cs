namespace TrackPipeline.Output;

/// <summary>
/// The columns of a table whose rows are objects of type <typeparamref name="TRow"/>: each column is a name,
/// a Parquet type and how to get the value from a row. Stages add their columns; the writer makes batches.
/// </summary>
public sealed class TableSchema<TRow>
{
    private readonly List<(string Name, Func<RowColumn<TRow>> Make)> _columns = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _names;

    public TableSchema<TRow> Double(string name, Func<TRow, double> get) => Add(name, () => new ValueRowColumn<TRow, double>(name, get));
    public TableSchema<TRow> Float(string name, Func<TRow, float> get) => Add(name, () => new ValueRowColumn<TRow, float>(name, get));
    public TableSchema<TRow> Int64(string name, Func<TRow, long> get) => Add(name, () => new ValueRowColumn<TRow, long>(name, get));
    public TableSchema<TRow> Int32(string name, Func<TRow, int> get) => Add(name, () => new ValueRowColumn<TRow, int>(name, get));
    public TableSchema<TRow> Bool(string name, Func<TRow, bool> get) => Add(name, () => new ValueRowColumn<TRow, bool>(name, get));
    public TableSchema<TRow> NullableDouble(string name, Func<TRow, double?> get) => Add(name, () => new NullableRowColumn<TRow, double>(name, get));
    public TableSchema<TRow> NullableInt32(string name, Func<TRow, int?> get) => Add(name, () => new NullableRowColumn<TRow, int>(name, get));
    public TableSchema<TRow> NullableInt64(string name, Func<TRow, long?> get) => Add(name, () => new NullableRowColumn<TRow, long>(name, get));
    public TableSchema<TRow> String(string name, Func<TRow, string> get) => Add(name, () => new StringRowColumn<TRow>(name, get));
    public TableSchema<TRow> NullableString(string name, Func<TRow, string?> get) => Add(name, () => new StringRowColumn<TRow>(name, get!, nullable: true));

    public TableBatch<TRow> CreateBatch() => new(_columns.Select(c => c.Make()).ToArray());

    /// <summary>A table of the columns named in <paramref name="names"/> that this one has, in this table's order (a side table of it).</summary>
    public TableSchema<TRow> Select(IEnumerable<string> names)
    {
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        var selected = new TableSchema<TRow>();
        foreach (var (name, make) in _columns)
            if (wanted.Contains(name)) selected.Add(name, make);
        return selected;
    }

    private TableSchema<TRow> Add(string name, Func<RowColumn<TRow>> make)
    {
        if (!_names.Add(name)) throw new ArgumentException($"column '{name}' is defined twice");
        _columns.Add((name, make));
        return this;
    }
}

/// <summary>Rows of one table collected column by column, ready to become a Parquet row group.</summary>
public sealed class TableBatch<TRow>
{
    private readonly RowColumn<TRow>[] _columns;

    internal TableBatch(RowColumn<TRow>[] columns)
    {
        _columns = columns;
        Buffers = columns.Select(c => c.Buffer).ToArray();
    }

    public IReadOnlyList<ColumnBuffer> Buffers { get; }
    public int Count { get; private set; }

    public void Add(TRow row)
    {
        foreach (var c in _columns) c.Append(row);
        Count++;
    }

    public void Clear()
    {
        foreach (var b in Buffers) b.Clear();
        Count = 0;
    }

    /// <summary>Row <paramref name="row"/> as column name to value, as <see cref="ParquetColumns.Row"/> reads it back.</summary>
    public Dictionary<string, object?> Row(int row)
    {
        var values = new Dictionary<string, object?>(Buffers.Count, StringComparer.Ordinal);
        foreach (var b in Buffers) values[b.Field.Name] = b.ValueAt(row);
        return values;
    }
}

internal abstract class RowColumn<TRow>
{
    public abstract ColumnBuffer Buffer { get; }
    public abstract void Append(TRow row);
}

internal sealed class ValueRowColumn<TRow, T>(string name, Func<TRow, T> get) : RowColumn<TRow> where T : struct
{
    private readonly ValueColumnBuffer<T> _buffer = new(name);
    public override ColumnBuffer Buffer => _buffer;
    public override void Append(TRow row) => _buffer.Add(get(row));
}

internal sealed class NullableRowColumn<TRow, T>(string name, Func<TRow, T?> get) : RowColumn<TRow> where T : struct
{
    private readonly NullableColumnBuffer<T> _buffer = new(name);
    public override ColumnBuffer Buffer => _buffer;
    public override void Append(TRow row) => _buffer.Add(get(row));
}

internal sealed class StringRowColumn<TRow>(string name, Func<TRow, string> get, bool nullable = false) : RowColumn<TRow>
{
    private readonly StringColumnBuffer _buffer = new(name, nullable);
    public override ColumnBuffer Buffer => _buffer;
    public override void Append(TRow row) => _buffer.Add(get(row));
}
