using System.Text;

namespace TrackPipeline.Formats.Npy;

/// <summary>
/// The parsed header of a .npy array: format version, element type and byte order (from <c>descr</c>),
/// <c>fortran_order</c> and <c>shape</c>. Parsing is strict: the header dict must hold exactly those three
/// keys, only the plain numeric and boolean dtypes are accepted, and the element count must be addressable
/// by a single .NET array.
/// </summary>
public sealed class NpyHeader
{
    /// <summary>The six magic bytes every .npy starts with: <c>\x93NUMPY</c>.</summary>
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Bytes needed to know the total header length: magic, version and a u32 length (v2/v3).</summary>
    public const int MaxPreambleLength = 12;

    /// <summary>Upper bound on the header text we accept (NumPy writes a few hundred bytes).</summary>
    public const int MaxHeaderTextLength = 1 << 20;

    internal NpyHeader(byte major, byte minor, string descr, NdElementType elementType, int itemSize, bool bigEndian,
        bool fortranOrder, int[] shape, long elementCount, int dataOffset)
    {
        MajorVersion = major;
        MinorVersion = minor;
        Descr = descr;
        ElementType = elementType;
        ItemSize = itemSize;
        IsBigEndian = bigEndian;
        FortranOrder = fortranOrder;
        Shape = shape;
        ElementCount = elementCount;
        DataOffset = dataOffset;
    }

    public byte MajorVersion { get; }
    public byte MinorVersion { get; }
    /// <summary>The dtype string exactly as written, e.g. <c>&lt;f8</c>.</summary>
    public string Descr { get; }
    public NdElementType ElementType { get; }
    public int ItemSize { get; }
    /// <summary>True when multi-byte elements are stored big-endian.</summary>
    public bool IsBigEndian { get; }
    public bool FortranOrder { get; }
    public int[] Shape { get; }
    public long ElementCount { get; }
    /// <summary>Offset of the first data byte: magic + version + length field + header text.</summary>
    public int DataOffset { get; }
    /// <summary>Number of data bytes the header declares.</summary>
    public long DataLength => ElementCount * ItemSize;
    /// <summary>True when the stored byte order differs from this machine's.</summary>
    public bool NeedsByteSwap => ItemSize > 1 && IsBigEndian == BitConverter.IsLittleEndian;

    /// <summary>
    /// Reads the fixed preamble (magic, version, header length) and returns the total header length
    /// (= <see cref="DataOffset"/>). <paramref name="preamble"/> needs 10 bytes for v1.0 and 12 for v2.0/v3.0.
    /// </summary>
    public static int ReadDataOffset(ReadOnlySpan<byte> preamble, string path, string entry)
    {
        ParsePreamble(preamble, path, entry, out _, out _, out int dataOffset, out _);
        return dataOffset;
    }

    /// <summary>Parses a header from <paramref name="bytes"/>, which starts at the magic and holds at least the whole header.</summary>
    public static NpyHeader Parse(ReadOnlySpan<byte> bytes, string path, string entry)
    {
        ParsePreamble(bytes, path, entry, out byte major, out byte minor, out int dataOffset, out int textStart);
        if (bytes.Length < dataOffset)
            throw Error(path, entry, bytes.Length, $"truncated header: declares {dataOffset} header bytes, only {bytes.Length} present");
        var raw = bytes[textStart..dataOffset];
        string text;
        if (major >= 3)
        {
            try { text = new UTF8Encoding(false, true).GetString(raw); }
            catch (DecoderFallbackException ex) { throw Error(path, entry, textStart, "header is not valid UTF-8", ex); }
        }
        else
        {
            text = Encoding.Latin1.GetString(raw);
        }

        var parser = new LiteralParser(text, path, entry, textStart);
        object? dictObj = parser.ParseDocument();
        if (dictObj is not List<KeyValuePair<object?, object?>> dict)
            throw Error(path, entry, textStart, $"header is not a dict: {Shorten(text)}");

        string? descr = null;
        bool? fortran = null;
        List<object?>? shapeItems = null;
        bool seenDescr = false, seenShape = false;
        foreach (var (k, v) in dict)
        {
            switch (k)
            {
                case "descr":
                    if (seenDescr) throw Error(path, entry, textStart, "header has key 'descr' twice");
                    seenDescr = true;
                    descr = v as string ?? throw Error(path, entry, textStart,
                        $"unsupported dtype descr {Describe(v)}: structured or non-string descr is not supported");
                    break;
                case "fortran_order":
                    if (fortran is not null) throw Error(path, entry, textStart, "header has key 'fortran_order' twice");
                    fortran = v as bool? ?? throw Error(path, entry, textStart, $"fortran_order must be True or False, got {Describe(v)}");
                    break;
                case "shape":
                    if (seenShape) throw Error(path, entry, textStart, "header has key 'shape' twice");
                    seenShape = true;
                    shapeItems = v is LiteralParser.Tuple t ? t.Items
                        : throw Error(path, entry, textStart, $"shape must be a tuple, got {Describe(v)}");
                    break;
                default:
                    throw Error(path, entry, textStart, $"header has unexpected key {Describe(k)}");
            }
        }
        if (descr is null || fortran is null || shapeItems is null)
            throw Error(path, entry, textStart,
                $"header lacks key(s) {(descr is null ? "'descr' " : "")}{(fortran is null ? "'fortran_order' " : "")}{(shapeItems is null ? "'shape'" : "")}".TrimEnd());

        var (type, itemSize, bigEndian) = ParseDescr(descr, path, entry, textStart);

        var shape = new int[shapeItems.Count];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shapeItems[i] is not long d)
                throw Error(path, entry, textStart, $"shape element {i} is {Describe(shapeItems[i])}, not an integer");
            if (d < 0) throw Error(path, entry, textStart, $"shape element {i} is negative ({d})");
            if (d > int.MaxValue) throw Error(path, entry, textStart, $"shape element {i} = {d} is too large");
            shape[i] = (int)d;
            // count <= Array.MaxLength and d <= int.MaxValue, so the product cannot overflow a long.
            count *= d;
            if (count > Array.MaxLength)
                throw Error(path, entry, textStart, $"shape ({string.Join(", ", shape[..(i + 1)])}...) declares more elements than an array can hold");
        }

        if (count * itemSize > Array.MaxLength)
            throw Error(path, entry, textStart, $"shape ({string.Join(", ", shape)}) of {descr} needs {count * itemSize} bytes, more than an array can hold");

        return new NpyHeader(major, minor, descr, type, itemSize, bigEndian, fortran.Value, shape, count, dataOffset);
    }

    private static void ParsePreamble(ReadOnlySpan<byte> b, string path, string entry,
        out byte major, out byte minor, out int dataOffset, out int textStart)
    {
        if (b.Length < 6 || !b[..6].SequenceEqual(Magic))
        {
            var got = Convert.ToHexString(b[..Math.Min(6, b.Length)]);
            throw Error(path, entry, 0, $"not a .npy array: magic is {(got.Length == 0 ? "missing" : "0x" + got)}, expected 0x934E554D5059 (\\x93NUMPY)");
        }
        if (b.Length < 8) throw Error(path, entry, b.Length, "truncated header: no version");
        major = b[6];
        minor = b[7];
        if (minor != 0 || major is < 1 or > 3)
            throw Error(path, entry, 6, $"unsupported .npy format version {major}.{minor} (1.0, 2.0 and 3.0 are supported)");
        long textLength;
        if (major == 1)
        {
            if (b.Length < 10) throw Error(path, entry, b.Length, "truncated header: no header length");
            textLength = b[8] | (b[9] << 8);
            textStart = 10;
        }
        else
        {
            if (b.Length < 12) throw Error(path, entry, b.Length, "truncated header: no header length");
            textLength = (uint)(b[8] | (b[9] << 8) | (b[10] << 16) | (b[11] << 24));
            textStart = 12;
        }
        if (textLength > MaxHeaderTextLength)
            throw Error(path, entry, 8, $"header length {textLength} exceeds the {MaxHeaderTextLength}-byte limit");
        dataOffset = textStart + (int)textLength;
    }

    private static (NdElementType Type, int Size, bool BigEndian) ParseDescr(string descr, string path, string entry, long offset)
    {
        var s = descr.AsSpan();
        bool big = !BitConverter.IsLittleEndian;
        if (s.Length > 0 && s[0] is '<' or '>' or '=' or '|')
        {
            big = s[0] switch { '<' => false, '>' => true, _ => !BitConverter.IsLittleEndian };
            s = s[1..];
        }
        (NdElementType, int)? t = s switch
        {
            "f8" => (NdElementType.Float64, 8),
            "f4" => (NdElementType.Float32, 4),
            "i8" => (NdElementType.Int64, 8),
            "i4" => (NdElementType.Int32, 4),
            "i2" => (NdElementType.Int16, 2),
            "i1" => (NdElementType.Int8, 1),
            "u8" => (NdElementType.UInt64, 8),
            "u4" => (NdElementType.UInt32, 4),
            "u2" => (NdElementType.UInt16, 2),
            "u1" => (NdElementType.UInt8, 1),
            "b1" => (NdElementType.Bool, 1),
            _ => null,
        };
        if (t is null)
            throw Error(path, entry, offset,
                $"unsupported dtype descr '{descr}' (supported: f8 f4 i8 i4 i2 i1 u8 u4 u2 u1 b1 with byte order < > = |)");
        return (t.Value.Item1, t.Value.Item2, t.Value.Item2 > 1 && big);
    }

    /// <summary>The .NET element type for a NumPy-style item.</summary>
    internal static Type ClrType(NdElementType t) => t switch
    {
        NdElementType.Float64 => typeof(double),
        NdElementType.Float32 => typeof(float),
        NdElementType.Int64 => typeof(long),
        NdElementType.Int32 => typeof(int),
        NdElementType.Int16 => typeof(short),
        NdElementType.Int8 => typeof(sbyte),
        NdElementType.UInt64 => typeof(ulong),
        NdElementType.UInt32 => typeof(uint),
        NdElementType.UInt16 => typeof(ushort),
        NdElementType.UInt8 => typeof(byte),
        NdElementType.Bool => typeof(bool),
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };

    internal static int SizeOf(NdElementType t) => t switch
    {
        NdElementType.Float64 or NdElementType.Int64 or NdElementType.UInt64 => 8,
        NdElementType.Float32 or NdElementType.Int32 or NdElementType.UInt32 => 4,
        NdElementType.Int16 or NdElementType.UInt16 => 2,
        NdElementType.Int8 or NdElementType.UInt8 or NdElementType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };

    /// <summary>NumPy's dtype code without byte order, e.g. <c>f8</c>.</summary>
    internal static string TypeCode(NdElementType t) => t switch
    {
        NdElementType.Float64 => "f8",
        NdElementType.Float32 => "f4",
        NdElementType.Int64 => "i8",
        NdElementType.Int32 => "i4",
        NdElementType.Int16 => "i2",
        NdElementType.Int8 => "i1",
        NdElementType.UInt64 => "u8",
        NdElementType.UInt32 => "u4",
        NdElementType.UInt16 => "u2",
        NdElementType.UInt8 => "u1",
        NdElementType.Bool => "b1",
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };

    public override string ToString() =>
        $"npy v{MajorVersion}.{MinorVersion} descr={Descr} fortran_order={FortranOrder} shape=({string.Join(", ", Shape)})";

    internal static TrackFormatException Error(string path, string entry, long? offset, string problem, Exception? inner = null) =>
        new(InputErrorKind.Npy, path, entry, offset, problem, inner);

    private static string Describe(object? v) => v switch
    {
        null => "None",
        string s => $"'{s}'",
        bool b => b ? "True" : "False",
        LiteralParser.Tuple => "a tuple",
        List<object?> => "a list",
        List<KeyValuePair<object?, object?>> => "a dict",
        _ => v.ToString() ?? "?",
    };

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "...";

    /// <summary>
    /// A tiny strict parser for the subset of Python literals found in .npy headers: dict, tuple, list,
    /// str ('..' or ".." with simple escapes), int (optional trailing L from Python 2), True, False, None.
    /// </summary>
    private ref struct LiteralParser
    {
        internal sealed class Tuple(List<object?> items) { public List<object?> Items { get; } = items; }

        private readonly ReadOnlySpan<char> _s;
        private readonly string _path, _entry;
        private readonly long _base;
        private int _pos;
        private int _depth;

        public LiteralParser(string s, string path, string entry, long baseOffset)
        {
            _s = s;
            _path = path;
            _entry = entry;
            _base = baseOffset;
            _pos = 0;
            _depth = 0;
        }

        public object? ParseDocument()
        {
            var v = ParseValue();
            SkipWs();
            if (_pos != _s.Length) throw Fail($"unexpected '{_s[_pos]}' after the header dict");
            return v;
        }

        private TrackFormatException Fail(string what) =>
            Error(_path, _entry, _base + _pos, $"malformed header: {what}");

        private void SkipWs()
        {
            while (_pos < _s.Length && _s[_pos] is ' ' or '\t' or '\n' or '\r' or '\f' or '\v') _pos++;
        }

        private object? ParseValue()
        {
            SkipWs();
            if (_pos >= _s.Length) throw Fail("unexpected end of header");
            if (++_depth > 32) throw Fail("nesting too deep");
            try
            {
                char c = _s[_pos];
                switch (c)
                {
                    case '{': return ParseDict();
                    case '(':
                        {
                            var items = ParseSequence(')', out bool sawComma);
                            // "(x)" is x in parentheses, "(x,)" a 1-tuple, "()" the empty tuple.
                            return items.Count == 1 && !sawComma ? items[0] : new Tuple(items);
                        }
                    case '[': return ParseSequence(']', out _);
                    case '\'' or '"': return ParseString();
                    default:
                        if (c is '-' or '+' || char.IsAsciiDigit(c)) return ParseInt();
                        if (char.IsAsciiLetter(c) || c == '_')
                        {
                            int start = _pos;
                            while (_pos < _s.Length && (char.IsAsciiLetterOrDigit(_s[_pos]) || _s[_pos] == '_')) _pos++;
                            var word = _s[start.._pos];
                            if (word.SequenceEqual("True")) return true;
                            if (word.SequenceEqual("False")) return false;
                            if (word.SequenceEqual("None")) return null;
                            _pos = start;
                            throw Fail($"unexpected name '{word}'");
                        }
                        throw Fail($"unexpected '{c}'");
                }
            }
            finally { _depth--; }
        }

        private List<KeyValuePair<object?, object?>> ParseDict()
        {
            _pos++; // '{'
            var result = new List<KeyValuePair<object?, object?>>(3);
            while (true)
            {
                SkipWs();
                if (_pos >= _s.Length) throw Fail("unterminated dict");
                if (_s[_pos] == '}') { _pos++; return result; }
                var key = ParseValue();
                SkipWs();
                if (_pos >= _s.Length || _s[_pos] != ':') throw Fail("expected ':' after a dict key");
                _pos++;
                var value = ParseValue();
                result.Add(new(key, value));
                SkipWs();
                if (_pos >= _s.Length) throw Fail("unterminated dict");
                if (_s[_pos] == ',') { _pos++; continue; }
                if (_s[_pos] == '}') { _pos++; return result; }
                throw Fail($"expected ',' or '}}' in dict, got '{_s[_pos]}'");
            }
        }

        private List<object?> ParseSequence(char close, out bool sawComma)
        {
            _pos++; // '(' or '['
            sawComma = false;
            var result = new List<object?>(4);
            while (true)
            {
                SkipWs();
                if (_pos >= _s.Length) throw Fail($"unterminated sequence, expected '{close}'");
                if (_s[_pos] == close) { _pos++; return result; }
                result.Add(ParseValue());
                SkipWs();
                if (_pos >= _s.Length) throw Fail($"unterminated sequence, expected '{close}'");
                if (_s[_pos] == ',') { sawComma = true; _pos++; continue; }
                if (_s[_pos] == close) { _pos++; return result; }
                throw Fail($"expected ',' or '{close}', got '{_s[_pos]}'");
            }
        }

        private string ParseString()
        {
            char quote = _s[_pos++];
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= _s.Length || _s[_pos] == '\n') throw Fail("unterminated string");
                char c = _s[_pos++];
                if (c == quote) return sb.ToString();
                if (c == '\\')
                {
                    if (_pos >= _s.Length) throw Fail("unterminated string");
                    char e = _s[_pos++];
                    sb.Append(e switch
                    {
                        '\\' => '\\', '\'' => '\'', '"' => '"', 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0',
                        _ => throw Fail($"unsupported escape '\\{e}' in string"),
                    });
                }
                else sb.Append(c);
            }
        }

        private long ParseInt()
        {
            int start = _pos;
            bool neg = false;
            if (_s[_pos] is '-' or '+') { neg = _s[_pos] == '-'; _pos++; }
            if (_pos >= _s.Length || !char.IsAsciiDigit(_s[_pos])) throw Fail("expected digits");
            long v = 0;
            while (_pos < _s.Length && char.IsAsciiDigit(_s[_pos]))
            {
                int d = _s[_pos++] - '0';
                if (v > (long.MaxValue - d) / 10) { _pos = start; throw Fail("integer too large"); }
                v = v * 10 + d;
            }
            if (_pos < _s.Length && _s[_pos] is 'L' or 'l') _pos++; // Python 2 long literal
            if (_pos < _s.Length && (char.IsAsciiLetterOrDigit(_s[_pos]) || _s[_pos] is '.' or '_'))
                throw Fail($"malformed number '{_s[start..Math.Min(_s.Length, _pos + 1)]}'");
            return neg ? -v : v;
        }
    }
}
