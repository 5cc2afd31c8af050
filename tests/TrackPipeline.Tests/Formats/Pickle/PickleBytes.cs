using System.Buffers.Binary;
using System.Text;

namespace TrackPipeline.Tests.Formats.Pickle;

/// <summary>Tiny builder for hand-made pickles in tests.</summary>
internal sealed class PickleBytes
{
    private readonly List<byte> _b = new();

    public static PickleBytes Proto(int p) => new PickleBytes().Op(0x80).Byte(p);

    public PickleBytes Op(byte op) { _b.Add(op); return this; }
    public PickleBytes Op(char op) { _b.Add((byte)op); return this; }
    public PickleBytes Byte(int v) { _b.Add((byte)v); return this; }
    public PickleBytes Raw(ReadOnlySpan<byte> bytes) { _b.AddRange(bytes.ToArray()); return this; }
    public PickleBytes Ascii(string s) { _b.AddRange(Encoding.ASCII.GetBytes(s)); return this; }
    public PickleBytes U64(ulong v) { Span<byte> t = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(t, v); return Raw(t); }
    public PickleBytes I32(int v) { Span<byte> t = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(t, v); return Raw(t); }

    /// <summary>SHORT_BINUNICODE.</summary>
    public PickleBytes Str(string s)
    {
        var u = Encoding.UTF8.GetBytes(s);
        return Op(0x8c).Byte(u.Length).Raw(u);
    }

    /// <summary>Protocol 0-3 GLOBAL 'module\nname\n'.</summary>
    public PickleBytes Global(string module, string name) => Op('c').Ascii(module + "\n" + name + "\n");

    public PickleBytes Repeat(int n, Action<PickleBytes> body)
    {
        for (int i = 0; i < n; i++) body(this);
        return this;
    }

    public PickleBytes Stop() => Op('.');

    /// <summary>
    /// Breaker14 F1: {t_n: None} with t_0 = () and t_(i+1) = (t_i, t_i) memo-shared, so 4 bytes a level write a key of 2^(n+1)
    /// items; hashing it as Python (and this reader before session 28) does took twice as long per level.
    /// </summary>
    public static byte[] SharedTupleKey(int levels)
    {
        var p = Proto(4).Op('}').Op(')').Op(0x94).Op('0');   // memo 0 = ()
        for (int i = 0; i < levels; i++) p.Op('h').Byte(i).Op('h').Byte(i).Op(0x86).Op(0x94).Op('0');   // memo i+1 = (memo i, memo i)
        return p.Op('h').Byte(levels).Op('N').Op('s').Stop().ToArray();
    }

    public byte[] ToArray() => _b.ToArray();
}
