using Parquet;
using Parquet.Schema;

namespace TrackPipeline.Output;

/// <summary>A growing column of values bound for one Parquet column chunk.</summary>
public abstract class ColumnBuffer
{
    protected ColumnBuffer(DataField field) => Field = field;
    public DataField Field { get; }
    public abstract int Count { get; }
    public abstract Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken);
    public abstract void Clear();
    /// <summary>One value, boxed as a Parquet reader gives it back (null for a missing optional value): for the few rows a pass keeps.</summary>
    public abstract object? ValueAt(int row);
}

/// <summary>A column of non-null values of a primitive type, held in one pooled-growth array.</summary>
public sealed class ValueColumnBuffer<T> : ColumnBuffer where T : struct
{
    private T[] _values = new T[64];
    private int _count;

    public ValueColumnBuffer(string name) : base(new DataField<T>(name)) { }

    public override int Count => _count;

    public void Add(T value)
    {
        if (_count == _values.Length) Array.Resize(ref _values, _values.Length * 2);
        _values[_count++] = value;
    }

    public void AddRange(ReadOnlySpan<T> values)
    {
        if (_count + values.Length > _values.Length)
            Array.Resize(ref _values, Math.Max(_values.Length * 2, _count + values.Length));
        values.CopyTo(_values.AsSpan(_count));
        _count += values.Length;
    }

    public ReadOnlySpan<T> Values => _values.AsSpan(0, _count);

    public override object? ValueAt(int row) => _values[row];

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken) =>
        rowGroup.WriteAsync(Field, new ReadOnlyMemory<T>(_values, 0, _count), null, null, cancellationToken);

    public override void Clear() => _count = 0;
}

/// <summary>A column of optional values (Parquet OPTIONAL), null where a stage did not apply.</summary>
public sealed class NullableColumnBuffer<T> : ColumnBuffer where T : struct
{
    private readonly List<T?> _values = [];

    public NullableColumnBuffer(string name) : base(new DataField<T?>(name)) { }

    public override int Count => _values.Count;
    public void Add(T? value) => _values.Add(value);
    public override object? ValueAt(int row) => _values[row];

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken) =>
        rowGroup.WriteAsync(Field, new ReadOnlyMemory<T?>([.. _values]), null, null, cancellationToken);

    public override void Clear() => _values.Clear();
}

/// <summary>
/// A column of measurements where NaN means "not measured" (a wire reads one coordinate): written as Parquet nulls, so
/// that a reader's <c>count</c>, <c>avg</c> and <c>null_count</c> mean what an analyst expects (NaN poisons the mean and
/// counts as present). Held dense like <see cref="ValueColumnBuffer{T}"/>; the nullable copy is pooled, one per write.
/// </summary>
public sealed class MeasuredColumnBuffer : ColumnBuffer
{
    private double[] _values = new double[64];
    private int _count;

    public MeasuredColumnBuffer(string name) : base(new DataField<double?>(name)) { }

    public override int Count => _count;

    public void AddRange(ReadOnlySpan<double> values)
    {
        if (_count + values.Length > _values.Length)
            Array.Resize(ref _values, Math.Max(_values.Length * 2, _count + values.Length));
        values.CopyTo(_values.AsSpan(_count));
        _count += values.Length;
    }

    public override object? ValueAt(int row) => double.IsNaN(_values[row]) ? null : _values[row];

    public override async Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken)
    {
        var nullable = System.Buffers.ArrayPool<double?>.Shared.Rent(_count);
        try
        {
            for (int i = 0; i < _count; i++) nullable[i] = double.IsNaN(_values[i]) ? null : _values[i];
            await rowGroup.WriteAsync(Field, new ReadOnlyMemory<double?>(nullable, 0, _count), null, null, cancellationToken);
        }
        finally
        {
            System.Buffers.ArrayPool<double?>.Shared.Return(nullable);
        }
    }

    public override void Clear() => _count = 0;
}

/// <summary>A column of UTF-8 strings.</summary>
public sealed class StringColumnBuffer : ColumnBuffer
{
    private readonly List<string> _values = [];

    public StringColumnBuffer(string name, bool nullable = false) : base(new DataField<string>(name, nullable)) { }

    public override int Count => _values.Count;
    public void Add(string value) => _values.Add(value);
    public override object? ValueAt(int row) => _values[row];
    public void AddRepeated(string value, int times)
    {
        for (int i = 0; i < times; i++) _values.Add(value);
    }

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken) =>
        rowGroup.WriteAsync(Field, _values, null);

    public override void Clear() => _values.Clear();
}
