using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace TrackPipeline.Formats.Pickle;

/// <summary>
/// A safe, hand-written reader for Python pickles (protocols 2-5, plus the protocol 0/1 opcodes that those
/// protocols may still contain). It interprets opcodes iteratively over a span and never executes anything:
/// the only globals accepted are the NumPy array/scalar/dtype reconstructors and a few data-only builtins,
/// which the reader interprets itself. Any other global is refused with
/// <see cref="InputErrorKind.UnsafePickle"/> as soon as its opcode is read.
/// </summary>
/// <remarks>
/// <para><b>Data model</b> (Python -> .NET):</para>
/// <list type="bullet">
/// <item><c>dict</c> -> <c>Dictionary&lt;object, object?&gt;</c> using <see cref="PyEqualityComparer"/>
///   (structural equality for tuple, bytes and frozenset keys). A <c>None</c> key becomes <see cref="PyNone.Instance"/>.</item>
/// <item><c>list</c> -> <c>List&lt;object?&gt;</c>; <c>tuple</c> -> <see cref="PyTuple"/>.</item>
/// <item><c>set</c>, <c>frozenset</c> -> <c>HashSet&lt;object&gt;</c> using <see cref="PyEqualityComparer"/>
///   (a <c>None</c> element becomes <see cref="PyNone.Instance"/>).</item>
/// <item><c>str</c> -> <c>string</c> (BINSTRING/SHORT_BINSTRING decoded as Latin-1); <c>bytes</c>, <c>bytearray</c> -> <c>byte[]</c>.</item>
/// <item><c>int</c> -> <c>long</c>, or <see cref="BigInteger"/> when it does not fit; <c>float</c> -> <c>double</c>;
///   <c>bool</c> -> <c>bool</c>; <c>None</c> -> <c>null</c>.</item>
/// <item><c>numpy.ndarray</c> (dtypes f8 f4 i8 i4 i2 i1 u8 u4 u2 u1 b1, any byte order, C or Fortran order) ->
///   <see cref="NdArray"/> in C order and native byte order. Object, string, structured and other dtypes are refused.</item>
/// <item>NumPy scalar -> the boxed .NET value: double, float, long, int, short, sbyte, ulong, uint, ushort, byte, bool.</item>
/// </list>
/// <para>Unhashable dictionary keys / set elements (list, dict, set, ndarray) are errors, as in Python.
/// Cyclic structures and a <c>numpy.dtype</c> or a class appearing as a value are refused.
/// Bytes after STOP are an error unless <see cref="PickleLimits.AllowTrailingData"/>; the stack must hold exactly
/// one object and no open MARK at STOP. Protocol 5 out-of-band buffers, persistent ids, the extension registry,
/// INST/OBJ/NEWOBJ_EX and the protocol 0 STRING opcode are not supported.</para>
/// <para>Every problem is reported as a <see cref="TrackFormatException"/> naming the file and the byte offset of
/// the offending opcode.</para>
/// </remarks>
public static class PickleReader
{
    public static object? Load(ReadOnlySpan<byte> data, string path, PickleLimits? limits = null)
    {
        // Said plainly: an empty file, or a text file whose first bytes happen to be opcodes ("memo key 101 is missing"
        // for a file starting with 'h'), told the user nothing about what the file is.
        if (data.IsEmpty) throw PickleThrow.Create(path, 0, "the file is empty (0 bytes), not a pickle: input ends without a STOP opcode");
        bool headed = data[0] == Op.PROTO;   // every pickle of protocol 2 or later starts so
        try
        {
            return new Machine(data, path, limits ?? PickleLimits.Default).Run();
        }
        catch (TrackFormatException e) when (e.Kind == InputErrorKind.Pickle && !headed)
        {
            throw new TrackFormatException(e.Kind, e.Path, e.Entry, e.Offset,
                $"{e.Problem} (the file does not start with the 0x80 header of a pickle of protocol 2 or later: text or another format?)", e);
        }
    }

    /// <summary>Reads and loads a pickle file; I/O errors become <see cref="InputErrorKind.Io"/>.</summary>
    public static object? LoadFile(string path, PickleLimits? limits = null)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrackFormatException(InputErrorKind.Io, path, null, null, e.Message, e);
        }
        return Load(bytes, path, limits);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private ref struct Machine
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly string _path;
        private readonly PickleLimits _limits;
        private readonly List<object?> _stack = new();
        private readonly List<int> _marks = new();
        private readonly Dictionary<uint, object?> _memo = new();
        private readonly Dictionary<object, int> _frozenDepth = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<object, long> _frozenSize = new(ReferenceEqualityComparer.Instance);
        private int _pos;
        private int _op;
        private long _elements;
        private int _opcodes;
        private readonly long _allocatedBefore;

        public Machine(ReadOnlySpan<byte> data, string path, PickleLimits limits)
        {
            _data = data;
            _path = path;
            _limits = limits;
            _allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        }

        /// <summary>
        /// Opcodes (or result nodes checked) between two looks at the bytes allocated: one opcode allocates little beyond
        /// the bytes it reads (declared lengths are checked against the input first), so the overshoot stays small.
        /// </summary>
        private const int AllocationCheckEvery = 256;

        /// <summary>Refuses the pickle once parsing it has allocated more than the limit (the thread's own count, garbage included).</summary>
        private readonly void CheckAllocated()
        {
            if (_limits.MaxAllocatedBytes == long.MaxValue) return;
            long allocated = GC.GetAllocatedBytesForCurrentThread() - _allocatedBefore;
            if (allocated > _limits.MaxAllocatedBytes)
                throw PickleThrow.Create(_path, _op,
                    $"parsing it allocated more than {_limits.MaxAllocatedBytes:N0} bytes ({_limits.AllocationLimitSource}) after {_pos:N0} of its {_data.Length:N0} bytes: " +
                    "too many small objects for a track's truth; not read", InputErrorKind.TooLarge);
        }

        // ---------------------------------------------------------------- errors and raw reads

        private readonly TrackFormatException Fail(string problem) => PickleThrow.Create(_path, _op, problem);

        private readonly int Remaining => _data.Length - _pos;

        private ReadOnlySpan<byte> Take(long n, string what)
        {
            if (n < 0) throw Fail($"{what}: negative length {n}");
            if (n > Remaining) throw Fail($"{what}: declares {n} bytes but only {Remaining} remain (truncated or corrupt)");
            var s = _data.Slice(_pos, (int)n);
            _pos += (int)n;
            return s;
        }

        private byte U8(string what) => Take(1, what)[0];
        private ushort U16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));
        private int I32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));
        private uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

        private long Len64(string what)
        {
            ulong n = BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));
            if (n > (ulong)Remaining) throw Fail($"{what}: declares {n} bytes but only {Remaining} remain (truncated or corrupt)");
            return (long)n;
        }

        private string Line(string what)
        {
            int nl = _data[_pos..].IndexOf((byte)'\n');
            if (nl < 0) throw Fail($"{what}: missing end of line (truncated)");
            var s = Encoding.Latin1.GetString(_data.Slice(_pos, nl));
            _pos += nl + 1;
            return s;
        }

        private readonly string Utf8(ReadOnlySpan<byte> bytes, string what)
        {
            try { return StrictUtf8.GetString(bytes); }
            catch (DecoderFallbackException) { throw Fail($"{what}: invalid UTF-8"); }
        }

        // ---------------------------------------------------------------- stack

        private readonly int Fence => _marks.Count > 0 ? _marks[^1] : 0;

        private void Push(object? o)
        {
            if (_stack.Count >= _limits.MaxStackSize) throw Fail($"stack holds more than {_limits.MaxStackSize} objects (limit)");
            _stack.Add(o);
        }

        private object? Pop(string op)
        {
            if (_stack.Count <= Fence) throw Fail($"{op}: stack underflow");
            var o = _stack[^1];
            _stack.RemoveAt(_stack.Count - 1);
            return o;
        }

        private readonly object? Peek(string op)
        {
            if (_stack.Count <= Fence) throw Fail($"{op}: stack underflow");
            return _stack[^1];
        }

        private object?[] PopMark(string op)
        {
            if (_marks.Count == 0) throw Fail($"{op}: no MARK on the stack");
            int m = _marks[^1];
            _marks.RemoveAt(_marks.Count - 1);
            var items = CollectionsMarshal.AsSpan(_stack)[m..].ToArray();
            _stack.RemoveRange(m, _stack.Count - m);
            return items;
        }

        private void Count(long n)
        {
            _elements += n;
            if (_elements > _limits.MaxTotalElements) throw Fail($"more than {_limits.MaxTotalElements} container elements (limit)");
        }

        // ---------------------------------------------------------------- values

        private readonly string TypeName(object? o) => o switch
        {
            HashSet<object> s when _frozenDepth.ContainsKey(s) => "frozenset",
            ArrayBuilder => "numpy.ndarray (unfinished)", PickleDType => "numpy.dtype", PyGlobal g => g.FullName,
            _ => PyTypeName.Of(o),
        };

        /// <summary>A value about to go into a list, dict or set: finished arrays only, no dtypes or classes.</summary>
        private readonly object? Storable(object? o)
        {
            switch (o)
            {
                case ArrayBuilder { Result: { } r }: return r;
                case ArrayBuilder: throw Fail("ndarray used before its state was set (BUILD)");
                case PickleDType or PyGlobal: throw Fail($"{TypeName(o)} cannot be stored as a value");
                default: return o;
            }
        }

        private readonly bool IsHashable(object? o) => o switch
        {
            null or string or long or BigInteger or double or bool or byte[] or PyNone => true,
            float or int or short or sbyte or ulong or uint or ushort or byte => true,
            PyTuple t => t.Hashable,
            HashSet<object> s => _frozenDepth.ContainsKey(s),
            _ => false,
        };

        private readonly int KeyDepth(object? o) => o switch
        {
            PyTuple t => t.KeyDepth,
            HashSet<object> s when _frozenDepth.TryGetValue(s, out var d) => d,
            _ => 0,
        };

        private readonly long KeySize(object? o) => o switch
        {
            PyTuple t => t.KeySize,
            HashSet<object> s when _frozenSize.TryGetValue(s, out var n) => n,
            _ => 0,
        };

        private readonly object Key(object? o, string op)
        {
            o = Storable(o);
            if (!IsHashable(o)) throw Fail($"{op}: unhashable type '{TypeName(o)}' as dict key / set element");
            if (KeySize(o) > _limits.MaxKeyItems)
                throw Fail($"{op}: a {TypeName(o)} as dict key / set element holds more than {_limits.MaxKeyItems} items counted through its nesting (limit); hashing it would not end");
            return o ?? PyNone.Instance;
        }

        // Written-out size, saturating: a chain of 60 shared levels is 2^60 items, and a longer one must not wrap around.
        private static long AddSize(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

        private PyTuple MakeTuple(object?[] items)
        {
            Count(items.Length);
            bool hashable = true;
            int depth = 0;
            long size = items.Length;
            for (int i = 0; i < items.Length; i++)
            {
                if (items[i] is ArrayBuilder { Result: { } r }) items[i] = r;
                hashable &= IsHashable(items[i]);
                depth = Math.Max(depth, KeyDepth(items[i]));
                size = AddSize(size, KeySize(items[i]));
            }
            if (depth + 1 > _limits.MaxDepth) throw Fail($"tuples nested deeper than {_limits.MaxDepth} (limit)");
            return new PyTuple(items, copy: false) { Hashable = hashable, KeyDepth = depth + 1, KeySize = size };
        }

        private HashSet<object> MakeSet(ReadOnlySpan<object?> items, bool frozen, string op)
        {
            Count(items.Length);
            var set = new HashSet<object>(PyEqualityComparer.Instance);
            int depth = 0;
            long size = items.Length;
            foreach (var item in items)
            {
                var k = Key(item, op);
                depth = Math.Max(depth, KeyDepth(k));
                size = AddSize(size, KeySize(k));
                set.Add(k);
            }
            if (frozen)
            {
                if (depth + 1 > _limits.MaxDepth) throw Fail($"frozensets nested deeper than {_limits.MaxDepth} (limit)");
                _frozenDepth[set] = depth + 1;
                _frozenSize[set] = size;
            }
            return set;
        }

        private static object Normalize(BigInteger b) => b >= long.MinValue && b <= long.MaxValue ? (object)(long)b : b;

        private readonly object ParseTextInt(string s, string op)
        {
            var t = s.Trim();
            if (t.EndsWith('L')) t = t[..^1];
            if (t.Length == 0 || t.Length > _limits.MaxIntDigits + 1) throw Fail($"{op}: bad or too long integer literal");
            if (!BigInteger.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var b))
                throw Fail($"{op}: bad integer literal '{Shorten(t)}'");
            return Normalize(b);
        }

        private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";

        // ---------------------------------------------------------------- main loop

        public object? Run()
        {
            while (true)
            {
                _op = _pos;
                if (++_opcodes % AllocationCheckEvery == 0) CheckAllocated();
                if (_pos >= _data.Length) throw Fail("truncated: input ends without a STOP opcode");
                byte code = _data[_pos++];
                switch (code)
                {
                    case Op.PROTO:
                        {
                            int p = U8("PROTO");
                            if (p > 5) throw Fail($"unsupported pickle protocol {p}");
                            break;
                        }
                    case Op.FRAME: Len64("FRAME"); break;
                    case Op.STOP: return Finish();
                    case Op.MARK:
                        if (_marks.Count >= _limits.MaxDepth) throw Fail($"more than {_limits.MaxDepth} open MARKs (nesting limit)");
                        _marks.Add(_stack.Count);
                        break;
                    case Op.POP:
                        if (_stack.Count > Fence) _stack.RemoveAt(_stack.Count - 1);
                        else if (_marks.Count > 0) _marks.RemoveAt(_marks.Count - 1);
                        else throw Fail("POP: stack underflow");
                        break;
                    case Op.POP_MARK: PopMark("POP_MARK"); break;
                    case Op.DUP: Push(Peek("DUP")); break;

                    // memo
                    case Op.PUT: MemoPut(ParseMemoIndex(Line("PUT"))); break;
                    case Op.BINPUT: MemoPut(U8("BINPUT")); break;
                    case Op.LONG_BINPUT: MemoPut(U32("LONG_BINPUT")); break;
                    case Op.MEMOIZE: MemoPut((uint)_memo.Count); break;
                    case Op.GET: MemoGet(ParseMemoIndex(Line("GET"))); break;
                    case Op.BINGET: MemoGet(U8("BINGET")); break;
                    case Op.LONG_BINGET: MemoGet(U32("LONG_BINGET")); break;

                    // constants and numbers
                    case Op.NONE: Push(null); break;
                    case Op.NEWTRUE: Push(true); break;
                    case Op.NEWFALSE: Push(false); break;
                    case Op.INT:
                        {
                            var s = Line("INT");
                            Push(s == "00" ? false : s == "01" ? true : ParseTextInt(s, "INT"));
                            break;
                        }
                    case Op.BININT: Push((long)I32("BININT")); break;
                    case Op.BININT1: Push((long)U8("BININT1")); break;
                    case Op.BININT2: Push((long)U16("BININT2")); break;
                    case Op.LONG: Push(ParseTextInt(Line("LONG"), "LONG")); break;
                    case Op.LONG1:
                        {
                            int n = U8("LONG1");
                            Push(Normalize(new BigInteger(Take(n, "LONG1"), isUnsigned: false, isBigEndian: false)));
                            break;
                        }
                    case Op.LONG4:
                        {
                            int n = I32("LONG4");
                            Push(Normalize(new BigInteger(Take(n, "LONG4"), isUnsigned: false, isBigEndian: false)));
                            break;
                        }
                    case Op.FLOAT:
                        {
                            var s = Line("FLOAT").Trim();
                            double d = s switch
                            {
                                "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity, "nan" => double.NaN,
                                _ => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                                    : throw Fail($"FLOAT: bad literal '{Shorten(s)}'"),
                            };
                            Push(d);
                            break;
                        }
                    case Op.BINFLOAT: Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8, "BINFLOAT"))); break;

                    // strings and bytes
                    case Op.SHORT_BINUNICODE: { int n = U8("SHORT_BINUNICODE"); Push(Utf8(Take(n, "SHORT_BINUNICODE"), "SHORT_BINUNICODE")); break; }
                    case Op.BINUNICODE: { uint n = U32("BINUNICODE"); Push(Utf8(Take(n, "BINUNICODE"), "BINUNICODE")); break; }
                    case Op.BINUNICODE8: { long n = Len64("BINUNICODE8"); Push(Utf8(Take(n, "BINUNICODE8"), "BINUNICODE8")); break; }
                    case Op.UNICODE: Push(RawUnicodeEscape(Line("UNICODE"))); break;
                    case Op.SHORT_BINSTRING: { int n = U8("SHORT_BINSTRING"); Push(Encoding.Latin1.GetString(Take(n, "SHORT_BINSTRING"))); break; }
                    case Op.BINSTRING: { int n = I32("BINSTRING"); Push(Encoding.Latin1.GetString(Take(n, "BINSTRING"))); break; }
                    case Op.SHORT_BINBYTES: { int n = U8("SHORT_BINBYTES"); Push(Take(n, "SHORT_BINBYTES").ToArray()); break; }
                    case Op.BINBYTES: { uint n = U32("BINBYTES"); Push(Take(n, "BINBYTES").ToArray()); break; }
                    case Op.BINBYTES8: { long n = Len64("BINBYTES8"); Push(Take(n, "BINBYTES8").ToArray()); break; }
                    case Op.BYTEARRAY8: { long n = Len64("BYTEARRAY8"); Push(Take(n, "BYTEARRAY8").ToArray()); break; }
                    case Op.NEXT_BUFFER or Op.READONLY_BUFFER: throw Fail("out-of-band buffers not supported (protocol 5 NEXT_BUFFER/READONLY_BUFFER)");
                    case Op.STRING: throw Fail("protocol 0 STRING opcode not supported");

                    // lists
                    case Op.EMPTY_LIST: Push(new List<object?>()); break;
                    case Op.APPEND:
                        {
                            var v = Storable(Pop("APPEND"));
                            if (Peek("APPEND") is not List<object?> list) throw Fail($"APPEND to {TypeName(Peek("APPEND"))}, expected list");
                            Count(1);
                            list.Add(v);
                            break;
                        }
                    case Op.APPENDS:
                        {
                            var items = PopMark("APPENDS");
                            if (Peek("APPENDS") is not List<object?> list) throw Fail($"APPENDS to {TypeName(Peek("APPENDS"))}, expected list");
                            Count(items.Length);
                            foreach (var it in items) list.Add(Storable(it));
                            break;
                        }
                    case Op.LIST:
                        {
                            var items = PopMark("LIST");
                            Count(items.Length);
                            var list = new List<object?>(items.Length);
                            foreach (var it in items) list.Add(Storable(it));
                            Push(list);
                            break;
                        }

                    // dicts
                    case Op.EMPTY_DICT: Push(NewDict()); break;
                    case Op.SETITEM:
                        {
                            var v = Pop("SETITEM");
                            var k = Pop("SETITEM");
                            if (Peek("SETITEM") is not Dictionary<object, object?> d) throw Fail($"SETITEM on {TypeName(Peek("SETITEM"))}, expected dict");
                            Count(1);
                            d[Key(k, "SETITEM")] = Storable(v);
                            break;
                        }
                    case Op.SETITEMS:
                        {
                            var items = PopMark("SETITEMS");
                            if (Peek("SETITEMS") is not Dictionary<object, object?> d) throw Fail($"SETITEMS on {TypeName(Peek("SETITEMS"))}, expected dict");
                            FillDict(d, items, "SETITEMS");
                            break;
                        }
                    case Op.DICT:
                        {
                            var items = PopMark("DICT");
                            var d = NewDict();
                            FillDict(d, items, "DICT");
                            Push(d);
                            break;
                        }

                    // tuples
                    case Op.EMPTY_TUPLE: Push(PyTuple.Empty); break;
                    case Op.TUPLE: Push(MakeTuple(PopMark("TUPLE"))); break;
                    case Op.TUPLE1: { var a = Pop("TUPLE1"); Push(MakeTuple([a])); break; }
                    case Op.TUPLE2: { var b = Pop("TUPLE2"); var a = Pop("TUPLE2"); Push(MakeTuple([a, b])); break; }
                    case Op.TUPLE3: { var c = Pop("TUPLE3"); var b = Pop("TUPLE3"); var a = Pop("TUPLE3"); Push(MakeTuple([a, b, c])); break; }

                    // sets
                    case Op.EMPTY_SET: Push(new HashSet<object>(PyEqualityComparer.Instance)); break;
                    case Op.ADDITEMS:
                        {
                            var items = PopMark("ADDITEMS");
                            if (Peek("ADDITEMS") is not HashSet<object> set || _frozenDepth.ContainsKey(set))
                                throw Fail($"ADDITEMS on {TypeName(Peek("ADDITEMS"))}, expected set");
                            Count(items.Length);
                            foreach (var it in items) set.Add(Key(it, "ADDITEMS"));
                            break;
                        }
                    case Op.FROZENSET: Push(MakeSet(PopMark("FROZENSET"), frozen: true, "FROZENSET")); break;

                    // globals and object construction
                    case Op.GLOBAL:
                        {
                            var module = Line("GLOBAL");
                            var name = Line("GLOBAL");
                            Push(ResolveGlobal(module, name));
                            break;
                        }
                    case Op.STACK_GLOBAL:
                        {
                            var name = Pop("STACK_GLOBAL");
                            var module = Pop("STACK_GLOBAL");
                            if (module is not string m || name is not string n)
                                throw Fail($"STACK_GLOBAL needs two str, got {TypeName(module)} and {TypeName(name)}");
                            Push(ResolveGlobal(m, n));
                            break;
                        }
                    case Op.REDUCE:
                        {
                            var args = Pop("REDUCE");
                            var callable = Pop("REDUCE");
                            if (callable is not PyGlobal g) throw Fail($"REDUCE: {TypeName(callable)} is not callable");
                            if (args is not PyTuple t) throw Fail($"REDUCE: arguments of {g.FullName} must be a tuple, got {TypeName(args)}");
                            Push(Call(g, t));
                            break;
                        }
                    case Op.NEWOBJ:
                        {
                            var args = Pop("NEWOBJ");
                            var cls = Pop("NEWOBJ");
                            if (cls is not PyGlobal { Kind: GlobalKind.DType or GlobalKind.Set or GlobalKind.FrozenSet or GlobalKind.ByteArray or GlobalKind.Bytes } g)
                                throw Fail($"NEWOBJ: {TypeName(cls)} cannot be instantiated");
                            if (args is not PyTuple t) throw Fail($"NEWOBJ: arguments of {g.FullName} must be a tuple, got {TypeName(args)}");
                            Push(Call(g, t));
                            break;
                        }
                    case Op.BUILD:
                        {
                            var state = Pop("BUILD");
                            Build(Peek("BUILD"), state);
                            break;
                        }
                    case Op.INST:
                        {
                            var module = Line("INST");
                            var name = Line("INST");
                            ResolveGlobal(module, name);
                            throw Fail("INST opcode not supported");
                        }
                    case Op.OBJ: throw Fail("OBJ opcode not supported");
                    case Op.NEWOBJ_EX: throw Fail("NEWOBJ_EX opcode not supported");
                    case Op.PERSID or Op.BINPERSID: throw Fail("persistent ids not supported");
                    case Op.EXT1 or Op.EXT2 or Op.EXT4:
                        throw PickleThrow.Create(_path, _op, "refusing extension registry code (EXT1/EXT2/EXT4): it names an arbitrary global", InputErrorKind.UnsafePickle);
                    default: throw Fail($"unknown opcode 0x{code:x2}");
                }
            }
        }

        private readonly Dictionary<object, object?> NewDict() => new(PyEqualityComparer.Instance);

        private void FillDict(Dictionary<object, object?> d, object?[] items, string op)
        {
            if (items.Length % 2 != 0) throw Fail($"{op}: odd number of items ({items.Length})");
            Count(items.Length / 2);
            for (int i = 0; i < items.Length; i += 2) d[Key(items[i], op)] = Storable(items[i + 1]);
        }

        private readonly uint ParseMemoIndex(string s)
            => uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : throw Fail($"bad memo index '{Shorten(s)}'");

        private void MemoPut(uint key)
        {
            var v = Peek("memo put");
            if (_memo.Count >= _limits.MaxMemoEntries && !_memo.ContainsKey(key)) throw Fail($"more than {_limits.MaxMemoEntries} memo entries (limit)");
            _memo[key] = v;
        }

        private void MemoGet(uint key)
        {
            if (!_memo.TryGetValue(key, out var v)) throw Fail($"memo key {key} is missing");
            Push(v is ArrayBuilder { Result: { } r } ? r : v);
        }

        private readonly string RawUnicodeEscape(string latin1)
        {
            if (latin1.IndexOf('\\') < 0) return latin1;
            var sb = new StringBuilder(latin1.Length);
            for (int i = 0; i < latin1.Length; i++)
            {
                char c = latin1[i];
                if (c == '\\' && i + 1 < latin1.Length && latin1[i + 1] is 'u' or 'U')
                {
                    int len = latin1[i + 1] == 'u' ? 4 : 8;
                    if (i + 2 + len > latin1.Length || !int.TryParse(latin1.AsSpan(i + 2, len), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int cp)
                        || cp < 0 || cp > 0x10FFFF)
                        throw Fail("UNICODE: bad \\u escape");
                    if (cp >= 0xD800 && cp <= 0xDFFF) sb.Append((char)cp);
                    else sb.Append(char.ConvertFromUtf32(cp));
                    i += 1 + len;
                }
                else sb.Append(c);
            }
            return sb.ToString();
        }

        // ---------------------------------------------------------------- globals

        private readonly PyGlobal ResolveGlobal(string module, string name)
        {
            GlobalKind? kind = (module, name) switch
            {
                ("numpy.core.multiarray" or "numpy._core.multiarray", "_reconstruct") => GlobalKind.Reconstruct,
                ("numpy.core.multiarray" or "numpy._core.multiarray", "scalar") => GlobalKind.Scalar,
                ("numpy.core.numeric" or "numpy._core.numeric", "_frombuffer") => GlobalKind.FromBuffer,
                ("numpy", "dtype") => GlobalKind.DType,
                ("numpy", "ndarray") => GlobalKind.NdArrayType,
                ("_codecs", "encode") => GlobalKind.CodecsEncode,
                ("builtins" or "__builtin__", "set") => GlobalKind.Set,
                ("builtins" or "__builtin__", "frozenset") => GlobalKind.FrozenSet,
                ("builtins" or "__builtin__", "bytearray") => GlobalKind.ByteArray,
                ("builtins" or "__builtin__", "bytes") => GlobalKind.Bytes,
                _ => null,
            };
            if (kind is null) PickleThrow.Unsafe(_path, _op, Shorten(module), Shorten(name));
            return new PyGlobal(kind.Value, module, name);
        }

        private object? Call(PyGlobal g, PyTuple a)
        {
            switch (g.Kind)
            {
                case GlobalKind.Reconstruct:
                    if (a.Count != 3) throw Fail($"{g.FullName} expects 3 arguments, got {a.Count}");
                    if (a[0] is not PyGlobal { Kind: GlobalKind.NdArrayType })
                        throw Fail($"{g.FullName}: only numpy.ndarray can be reconstructed, got {TypeName(a[0])}");
                    return new ArrayBuilder();

                case GlobalKind.DType:
                    {
                        if (a.Count < 1 || a[0] is not string code) throw Fail($"numpy.dtype expects a type code string");
                        if (code.Length > 0 && code.TrimStart('<', '>', '|', '=').StartsWith('O'))
                            throw Fail($"object dtype '{code}' refused: it would need arbitrary Python objects");
                        var parsed = NumpyTypes.Parse(code) ?? throw Fail($"unsupported numpy dtype '{Shorten(code)}'");
                        char order = NumpyTypes.ItemSize(parsed.Type) == 1 ? '|' : parsed.Order;
                        return new PickleDType(parsed.Type, order);
                    }

                case GlobalKind.Scalar:
                    {
                        if (a.Count != 2 || a[0] is not PickleDType dt || a[1] is not byte[] raw)
                            throw Fail($"{g.FullName} expects (dtype, bytes), got {a}");
                        if (raw.Length != dt.ItemSize) throw Fail($"numpy scalar of {dt} has {raw.Length} bytes, expected {dt.ItemSize}");
                        return NumpyTypes.ToScalar(raw, dt);
                    }

                case GlobalKind.FromBuffer:
                    {
                        if (a.Count != 4 || a[0] is not byte[] buf || a[3] is not string order || order is not ("C" or "F"))
                            throw Fail($"{g.FullName} expects (buffer, dtype, shape, 'C'|'F')");
                        return MakeArray(a[2], a[1], order == "F", buf);
                    }

                case GlobalKind.CodecsEncode:
                    {
                        if (a.Count != 2 || a[0] is not string s || a[1] is not string enc)
                            throw Fail("_codecs.encode expects (str, encoding)");
                        return Latin1(s, enc);
                    }

                case GlobalKind.Set or GlobalKind.FrozenSet:
                    {
                        bool frozen = g.Kind == GlobalKind.FrozenSet;
                        if (a.Count == 0) return MakeSet([], frozen, g.FullName);
                        if (a.Count != 1) throw Fail($"{g.FullName} expects at most 1 argument");
                        return a[0] switch
                        {
                            List<object?> l => MakeSet(CollectionsMarshal.AsSpan(l), frozen, g.FullName),
                            PyTuple t => MakeSet(t.ToArray(), frozen, g.FullName),
                            HashSet<object> hs => MakeSet(hs.ToArray(), frozen, g.FullName),
                            var o => throw Fail($"{g.FullName} of {TypeName(o)} not supported"),
                        };
                    }

                case GlobalKind.ByteArray or GlobalKind.Bytes:
                    if (a.Count == 0) return Array.Empty<byte>();
                    if (a.Count == 1 && a[0] is byte[] b) return b.ToArray();
                    if (a.Count == 2 && a[0] is string str && a[1] is string e) return Latin1(str, e);
                    throw Fail($"{g.FullName} arguments {a} not supported");

                default:
                    throw Fail($"{g.FullName} cannot be called");
            }
        }

        private readonly byte[] Latin1(string s, string encoding)
        {
            if (encoding is not ("latin1" or "latin-1" or "iso-8859-1" or "iso8859-1"))
                throw Fail($"encoding '{Shorten(encoding)}' not supported (only latin1)");
            var bytes = new byte[s.Length];
            for (int i = 0; i < s.Length; i++)
                bytes[i] = s[i] <= 0xFF ? (byte)s[i] : throw Fail("character outside latin1 in encoded bytes");
            return bytes;
        }

        private void Build(object? target, object? state)
        {
            switch (target)
            {
                case PickleDType dt:
                    {
                        if (state is not PyTuple t || t.Count < 2 || t[1] is not string { Length: 1 } bo || bo[0] is not ('<' or '>' or '|' or '='))
                            throw Fail($"numpy.dtype state must be (version, byteorder, ...), got {TypeName(state)}");
                        dt.ByteOrder = dt.ItemSize == 1 ? '|' : bo[0];
                        break;
                    }
                case ArrayBuilder ab:
                    {
                        if (ab.Result is not null) throw Fail("ndarray state set twice");
                        if (state is not PyTuple t || t.Count is not (4 or 5)) throw Fail($"ndarray state must be (version, shape, dtype, is_fortran, data), got {state}");
                        int o = t.Count == 5 ? 1 : 0;
                        bool fortran = t[o + 2] switch
                        {
                            bool b => b, long l => l != 0,
                            var x => throw Fail($"ndarray is_fortran must be bool, got {TypeName(x)}"),
                        };
                        if (t[o + 3] is not byte[] raw)
                            throw Fail($"ndarray data must be bytes, got {TypeName(t[o + 3])} (object arrays are not supported)");
                        ab.Result = MakeArray(t[o], t[o + 1], fortran, raw);
                        _stack[^1] = ab.Result;
                        break;
                    }
                default:
                    throw Fail($"BUILD on {TypeName(target)} not supported");
            }
        }

        private readonly NdArray MakeArray(object? shapeObj, object? dtypeObj, bool fortran, byte[] raw)
        {
            if (dtypeObj is not PickleDType dt) throw Fail($"ndarray dtype must be a numpy.dtype, got {TypeName(dtypeObj)}");
            if (shapeObj is not PyTuple st) throw Fail($"ndarray shape must be a tuple, got {TypeName(shapeObj)}");
            if (st.Count > 64) throw Fail($"ndarray rank {st.Count} exceeds 64");
            var shape = new int[st.Count];
            long n = 1;
            for (int i = 0; i < shape.Length; i++)
            {
                if (st[i] is not long d || d < 0 || d > int.MaxValue) throw Fail($"bad ndarray dimension {st[i] ?? "None"} in shape {st}");
                shape[i] = (int)d;
                n = d == 0 ? 0 : (n > _limits.MaxArrayElements / d ? _limits.MaxArrayElements + 1 : n * d);
            }
            if (n > _limits.MaxArrayElements) throw Fail($"ndarray shape {st} exceeds {_limits.MaxArrayElements} elements (limit)");
            long need = n * dt.ItemSize;
            if (raw.LongLength != need)
                throw Fail($"ndarray data is {raw.LongLength} bytes but shape {st} x itemsize {dt.ItemSize} needs {need}");
            var bytes = fortran && shape.Length > 1 ? NumpyTypes.FortranToC(raw, shape, dt.ItemSize) : raw;
            return new NdArray(dt.ElementType, shape, NumpyTypes.ToTypedArray(bytes, dt, (int)n));
        }

        // ---------------------------------------------------------------- STOP

        private object? Finish()
        {
            if (_marks.Count > 0) throw Fail($"STOP with {_marks.Count} unmatched MARK(s)");
            if (_stack.Count != 1) throw Fail($"STOP with {_stack.Count} objects on the stack, expected 1");
            if (!_limits.AllowTrailingData && _pos != _data.Length)
                throw PickleThrow.Create(_path, _pos, $"{_data.Length - _pos} bytes of trailing data after STOP");
            var result = Storable(_stack[0]);
            CheckAllocated();
            Validate(result);
            CheckAllocated();
            return result;
        }

        private sealed class Frame(object node, IEnumerator<object?> children)
        {
            public object Node { get; } = node;
            public IEnumerator<object?> Children { get; } = children;
            public int Max { get; set; }
        }

        private static bool IsContainer(object? o) => o is List<object?> or Dictionary<object, object?> or PyTuple or HashSet<object>;

        private static IEnumerable<object?> ChildrenOf(object node)
        {
            switch (node)
            {
                case Dictionary<object, object?> d:
                    foreach (var kv in d) { yield return kv.Key; yield return kv.Value; }
                    break;
                case IEnumerable<object?> e:
                    foreach (var x in e) yield return x;
                    break;
            }
        }

        /// <summary>Iterative post-order walk: refuses cycles, internal objects and nesting beyond MaxDepth.</summary>
        private readonly void Validate(object? root)
        {
            CheckLeaf(root);
            if (!IsContainer(root)) return;
            var depth = new Dictionary<object, int>(ReferenceEqualityComparer.Instance) { [root!] = -1 };
            var stack = new Stack<Frame>();
            stack.Push(new Frame(root!, ChildrenOf(root!).GetEnumerator()));
            long visited = 0;
            while (stack.Count > 0)
            {
                // The walk's own bookkeeping (a depth per container) is as large as the result: counted too.
                if (++visited % AllocationCheckEvery == 0) CheckAllocated();
                var f = stack.Peek();
                if (f.Children.MoveNext())
                {
                    var c = f.Children.Current;
                    CheckLeaf(c);
                    if (!IsContainer(c)) continue;
                    if (depth.TryGetValue(c!, out int d))
                    {
                        if (d < 0) throw Fail("recursive (self-containing) structure not supported");
                        f.Max = Math.Max(f.Max, d);
                        continue;
                    }
                    if (stack.Count + 1 > _limits.MaxDepth) throw Fail($"containers nested deeper than {_limits.MaxDepth} (limit)");
                    depth[c!] = -1;
                    stack.Push(new Frame(c!, ChildrenOf(c!).GetEnumerator()));
                }
                else
                {
                    stack.Pop();
                    int d = f.Max + 1;
                    depth[f.Node] = d;
                    if (stack.Count > 0) stack.Peek().Max = Math.Max(stack.Peek().Max, d);
                }
            }
        }

        private readonly void CheckLeaf(object? o)
        {
            if (o is ArrayBuilder or PickleDType or PyGlobal)
                throw Fail($"result contains {TypeName(o)}, which is not data");
        }
    }

    private static class Op
    {
        public const byte MARK = (byte)'(', STOP = (byte)'.', POP = (byte)'0', POP_MARK = (byte)'1', DUP = (byte)'2',
            FLOAT = (byte)'F', INT = (byte)'I', BININT = (byte)'J', BININT1 = (byte)'K', LONG = (byte)'L', BININT2 = (byte)'M',
            NONE = (byte)'N', PERSID = (byte)'P', BINPERSID = (byte)'Q', REDUCE = (byte)'R', STRING = (byte)'S',
            BINSTRING = (byte)'T', SHORT_BINSTRING = (byte)'U', UNICODE = (byte)'V', BINUNICODE = (byte)'X',
            APPEND = (byte)'a', BUILD = (byte)'b', GLOBAL = (byte)'c', DICT = (byte)'d', EMPTY_DICT = (byte)'}',
            APPENDS = (byte)'e', GET = (byte)'g', BINGET = (byte)'h', INST = (byte)'i', LONG_BINGET = (byte)'j',
            LIST = (byte)'l', EMPTY_LIST = (byte)']', OBJ = (byte)'o', PUT = (byte)'p', BINPUT = (byte)'q',
            LONG_BINPUT = (byte)'r', SETITEM = (byte)'s', TUPLE = (byte)'t', EMPTY_TUPLE = (byte)')', SETITEMS = (byte)'u',
            BINFLOAT = (byte)'G',
            PROTO = 0x80, NEWOBJ = 0x81, EXT1 = 0x82, EXT2 = 0x83, EXT4 = 0x84, TUPLE1 = 0x85, TUPLE2 = 0x86, TUPLE3 = 0x87,
            NEWTRUE = 0x88, NEWFALSE = 0x89, LONG1 = 0x8a, LONG4 = 0x8b,
            BINBYTES = (byte)'B', SHORT_BINBYTES = (byte)'C',
            SHORT_BINUNICODE = 0x8c, BINUNICODE8 = 0x8d, BINBYTES8 = 0x8e, EMPTY_SET = 0x8f, ADDITEMS = 0x90,
            FROZENSET = 0x91, NEWOBJ_EX = 0x92, STACK_GLOBAL = 0x93, MEMOIZE = 0x94, FRAME = 0x95,
            BYTEARRAY8 = 0x96, NEXT_BUFFER = 0x97, READONLY_BUFFER = 0x98;
    }
}
