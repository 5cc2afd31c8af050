using System.Collections;
using System.Numerics;
using System.Text;

namespace TrackPipeline.Formats.Pickle;

/// <summary>
/// Python's <c>None</c> where .NET cannot hold <c>null</c>: as a dictionary key or a set element.
/// Everywhere else (values, list items, tuple items) None is plain <c>null</c>.
/// </summary>
public sealed class PyNone
{
    public static PyNone Instance { get; } = new();
    private PyNone() { }
    public override string ToString() => "None";
}

/// <summary>
/// A Python tuple: an immutable list of items with structural equality and hashing (items compared with
/// <see cref="PyEqualityComparer"/>), so tuples work as dictionary keys and set elements.
/// </summary>
public sealed class PyTuple : IReadOnlyList<object?>, IEquatable<PyTuple>
{
    private readonly object?[] _items;

    public static PyTuple Empty { get; } = new(Array.Empty<object?>(), copy: false);

    public PyTuple(params object?[] items) : this(items, copy: true) { }

    internal PyTuple(object?[] items, bool copy) => _items = copy ? (object?[])items.Clone() : items;

    /// <summary>Nesting depth through tuples and frozensets only (1 for a flat tuple), set by the reader.</summary>
    internal int KeyDepth { get; set; } = 1;

    /// <summary>False when an item is unhashable in Python (a list, dict, set or array), set by the reader.</summary>
    internal bool Hashable { get; set; } = true;

    public int Count => _items.Length;
    public object? this[int index] => _items[index];
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(PyTuple? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (other._items.Length != _items.Length) return false;
        for (int i = 0; i < _items.Length; i++)
            if (!PyEqualityComparer.Instance.Equals(_items[i], other._items[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is PyTuple t && Equals(t);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(_items.Length);
        foreach (var item in _items) h.Add(PyEqualityComparer.Instance.GetHashCode(item));
        return h.ToHashCode();
    }

    public override string ToString()
    {
        var sb = new StringBuilder("(");
        for (int i = 0; i < _items.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(_items[i] switch { null => "None", string s => $"'{s}'", var o => o.ToString() });
        }
        if (_items.Length == 1) sb.Append(',');
        return sb.Append(')').ToString();
    }
}

/// <summary>
/// Python-like equality for dictionary keys and set elements: structural for <see cref="PyTuple"/>,
/// <c>byte[]</c> (bytes) and <see cref="HashSet{T}"/> of object (frozenset); <c>null</c> equals
/// <c>null</c> and <see cref="PyNone.Instance"/>; everything else uses <see cref="object.Equals(object)"/>.
/// Unlike Python, numbers of different .NET types are not equal (<c>1L != 1.0</c>).
/// </summary>
public sealed class PyEqualityComparer : IEqualityComparer<object?>
{
    public static PyEqualityComparer Instance { get; } = new();
    private PyEqualityComparer() { }

    public new bool Equals(object? x, object? y)
    {
        if (x is PyNone) x = null;
        if (y is PyNone) y = null;
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null) return false;
        return (x, y) switch
        {
            (PyTuple a, PyTuple b) => a.Equals(b),
            (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
            (HashSet<object> a, HashSet<object> b) => a.Count == b.Count && a.SetEquals(b),
            (BigInteger a, BigInteger b) => a == b,
            _ => x.Equals(y),
        };
    }

    public int GetHashCode(object? obj)
    {
        switch (obj)
        {
            case null or PyNone: return 0;
            case byte[] bytes:
                var h = new HashCode();
                h.AddBytes(bytes);
                return h.ToHashCode();
            case HashSet<object> set:
                int sum = set.Count;
                foreach (var item in set) sum = unchecked(sum + GetHashCode(item));
                return sum;
            default: return obj.GetHashCode();
        }
    }
}

/// <summary>A NumPy scalar (e.g. <c>numpy.int64(5)</c>) for <see cref="PickleWriter"/>.</summary>
/// <param name="ElementType">The NumPy dtype.</param>
/// <param name="Value">A boxed number or bool convertible to that dtype.</param>
public sealed record NdScalar(NdElementType ElementType, object Value);
