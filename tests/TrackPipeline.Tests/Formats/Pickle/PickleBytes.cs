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

    public byte[] ToArray() => _b.ToArray();
}
