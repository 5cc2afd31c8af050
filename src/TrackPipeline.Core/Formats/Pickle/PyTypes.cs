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

    /// <summary>
    /// Items counted through nested tuples and frozensets as if written out (a tuple shared twice counts twice), set by the
    /// reader: what hashing or comparing this tuple as a key costs. Memo references let a few hundred bytes describe a key
    /// whose written-out size doubles per level.
    /// </summary>
    internal long KeySize { get; set; }

    // Computed once: a tuple is immutable, and a key hashed again (memo'd, inserted many times) must not cost its size again.
    private int _hash;
    private bool _hashed;

    public int Count => _items.Length;
    public object? this[int index] => _items[index];
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(PyTuple? other)
    {
        if (other is null) return false;
        HashSet<(PyTuple, PyTuple)>? equal = null;
        return SameItems(this, other, ref equal);
    }

    /// <summary>
    /// Item by item; a pair of nested tuples already found equal in this comparison is not compared again. Memo-shared
    /// tuples (t_(i+1) = (t_i, t_i)) are exponentially larger written out than in the pickle, and two distinct equal keys
    /// would otherwise be compared written out (breaker14 F1: 5.4 CPU-s for a 1 MB pickle of such keys).
    /// </summary>
    private static bool SameItems(PyTuple a, PyTuple b, ref HashSet<(PyTuple, PyTuple)>? equal)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a._items.Length != b._items.Length) return false;
        if (a._hashed && b._hashed && a._hash != b._hash) return false;
        for (int i = 0; i < a._items.Length; i++)
        {
            if (a._items[i] is PyTuple x && b._items[i] is PyTuple y)
            {
                if (ReferenceEquals(x, y) || (equal is not null && equal.Contains((x, y)))) continue;
                if (!SameItems(x, y, ref equal)) return false;
                (equal ??= new HashSet<(PyTuple, PyTuple)>(PairByReference.Instance)).Add((x, y));
            }
            else if (!PyEqualityComparer.Instance.Equals(a._items[i], b._items[i])) return false;
        }
        return true;
    }

    /// <summary>Two tuples as a pair of references (their own equality is what is being computed).</summary>
    private sealed class PairByReference : IEqualityComparer<(PyTuple, PyTuple)>
    {
        public static PairByReference Instance { get; } = new();
        public bool Equals((PyTuple, PyTuple) x, (PyTuple, PyTuple) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);
        public int GetHashCode((PyTuple, PyTuple) p) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(p.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(p.Item2));
    }

    public override bool Equals(object? obj) => obj is PyTuple t && Equals(t);

    public override int GetHashCode()
    {
        if (_hashed) return _hash;
        var h = new HashCode();
        h.Add(_items.Length);
        foreach (var item in _items) h.Add(PyEqualityComparer.Instance.GetHashCode(item));
        _hash = h.ToHashCode();
        _hashed = true;
        return _hash;
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

/// <summary>Python's name for the type of a value read from a pickle, for messages a Python user reads (bytes, not Byte[]).</summary>
public static class PyTypeName
{
    public static string Of(object? o) => o switch
    {
        null or PyNone => "None",
        string => "str",
        bool => "bool",
        long or int or short or sbyte or ulong or uint or ushort or byte or BigInteger => "int",
        double or float => "float",
        byte[] => "bytes",
        List<object?> => "list",
        Dictionary<object, object?> => "dict",
        PyTuple => "tuple",
        HashSet<object> => "set",
        NdArray => "numpy.ndarray",
        NdScalar => "numpy scalar",
        _ => o.GetType().Name,
    };
}

/// <summary>A NumPy scalar (e.g. <c>numpy.int64(5)</c>) for <see cref="PickleWriter"/>.</summary>
/// <param name="ElementType">The NumPy dtype.</param>
/// <param name="Value">A boxed number or bool convertible to that dtype.</param>
public sealed record NdScalar(NdElementType ElementType, object Value);
