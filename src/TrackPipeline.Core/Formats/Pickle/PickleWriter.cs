using System.Buffers.Binary;
using System.Collections;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace TrackPipeline.Formats.Pickle;

/// <summary>
/// Writes protocol 4 pickles (without FRAMEs) that Python's <c>pickle.load</c> reads with NumPy 1.x or 2.x.
/// Supported values: <c>null</c>/<see cref="PyNone"/> (None), bool, integers (int, long, ... , <see cref="BigInteger"/>),
/// double/float (Python float), string, <c>byte[]</c> (bytes), <see cref="PyTuple"/>, dictionaries
/// (<see cref="IDictionary"/>, keys written as values), <c>HashSet&lt;object&gt;</c> (set), other
/// <see cref="IList"/> except typed arrays (list), <see cref="NdArray"/> (written exactly like NumPy 1.x:
/// <c>numpy.core.multiarray._reconstruct</c> + BUILD) and <see cref="NdScalar"/> (<c>numpy.core.multiarray.scalar</c>).
/// Nesting deeper than <see cref="MaxDepth"/> (which also catches cycles) throws <see cref="ArgumentException"/>.
/// </summary>
public static class PickleWriter
{
    public const int MaxDepth = 256;

    public static byte[] Write(object? value)
    {
        var ms = new MemoryStream();
        Write(ms, value);
        return ms.ToArray();
    }

    public static void Write(Stream stream, object? value)
    {
        var w = new Writer(stream);
        stream.WriteByte(0x80);
        stream.WriteByte(4);
        w.Value(value, 0);
        stream.WriteByte((byte)'.');
    }

    private sealed class Writer(Stream s)
    {
        private readonly byte[] _buf = new byte[9];

        private void Op(byte b) => s.WriteByte(b);

        public void Value(object? v, int depth)
        {
            if (depth > MaxDepth) throw new ArgumentException($"value nested deeper than {MaxDepth} (or cyclic)");
            switch (v)
            {
                case null or PyNone: Op((byte)'N'); break;
                case bool b: Op(b ? (byte)0x88 : (byte)0x89); break;
                case long l: Int(l); break;
                case int i: Int(i); break;
                case short i: Int(i); break;
                case sbyte i: Int(i); break;
                case byte i: Int(i); break;
                case ushort i: Int(i); break;
                case uint i: Int(i); break;
                case ulong u: if (u <= long.MaxValue) Int((long)u); else Big(u); break;
                case BigInteger big: if (big >= long.MinValue && big <= long.MaxValue) Int((long)big); else Big(big); break;
                case double d: Float(d); break;
                case float f: Float(f); break;
                case string str: Str(str); break;
                case byte[] bytes: Bytes(bytes); break;
                case NdArray a: Array(a); break;
                case NdScalar sc: Scalar(sc); break;
                case PyTuple t: Tuple(t, depth); break;
                case IDictionary dict:
                    Op((byte)'}');
                    if (dict.Count > 0)
                    {
                        Op((byte)'(');
                        int n = 0;
                        foreach (DictionaryEntry e in dict)
                        {
                            Value(e.Key, depth + 1);
                            Value(e.Value, depth + 1);
                            if (++n % 1000 == 0) { Op((byte)'u'); Op((byte)'('); }
                        }
                        Op((byte)'u');
                    }
                    break;
                case HashSet<object> set:
                    Op(0x8f);
                    if (set.Count > 0)
                    {
                        Op((byte)'(');
                        int n = 0;
                        foreach (var x in set)
                        {
                            Value(x, depth + 1);
                            if (++n % 1000 == 0) { Op(0x90); Op((byte)'('); }
                        }
                        Op(0x90);
                    }
                    break;
                case IList list when v is not System.Array || v is object[]:
                    Op((byte)']');
                    if (list.Count > 0)
                    {
                        Op((byte)'(');
                        int n = 0;
                        foreach (var x in list)
                        {
                            Value(x, depth + 1);
                            if (++n % 1000 == 0) { Op((byte)'e'); Op((byte)'('); }
                        }
                        Op((byte)'e');
                    }
                    break;
                default:
                    throw new ArgumentException($"cannot pickle a {v.GetType()}; wrap typed arrays in NdArray");
            }
        }

        private void Int(long v)
        {
            if (v >= 0 && v <= 0xFF) { Op((byte)'K'); Op((byte)v); }
            else if (v >= 0 && v <= 0xFFFF) { Op((byte)'M'); BinaryPrimitives.WriteUInt16LittleEndian(_buf, (ushort)v); s.Write(_buf, 0, 2); }
            else if (v >= int.MinValue && v <= int.MaxValue) { Op((byte)'J'); BinaryPrimitives.WriteInt32LittleEndian(_buf, (int)v); s.Write(_buf, 0, 4); }
            else Big(v);
        }

        private void Big(BigInteger v)
        {
            var bytes = v.ToByteArray(isUnsigned: false, isBigEndian: false);
            if (bytes.Length < 256) { Op(0x8a); Op((byte)bytes.Length); }
            else { Op(0x8b); BinaryPrimitives.WriteInt32LittleEndian(_buf, bytes.Length); s.Write(_buf, 0, 4); }
            s.Write(bytes);
        }

        private void Float(double d)
        {
            Op((byte)'G');
            BinaryPrimitives.WriteDoubleBigEndian(_buf, d);
            s.Write(_buf, 0, 8);
        }

        private void Str(string str)
        {
            var bytes = Encoding.UTF8.GetBytes(str);
            if (bytes.Length < 256) { Op(0x8c); Op((byte)bytes.Length); }
            else { Op((byte)'X'); BinaryPrimitives.WriteUInt32LittleEndian(_buf, (uint)bytes.Length); s.Write(_buf, 0, 4); }
            s.Write(bytes);
        }

        private void Bytes(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length < 256) { Op((byte)'C'); Op((byte)bytes.Length); }
            else { Op((byte)'B'); BinaryPrimitives.WriteUInt32LittleEndian(_buf, (uint)bytes.Length); s.Write(_buf, 0, 4); }
            s.Write(bytes);
        }

        private void Tuple(IReadOnlyList<object?> t, int depth)
        {
            switch (t.Count)
            {
                case 0: Op((byte)')'); return;
                case <= 3:
                    foreach (var x in t) Value(x, depth + 1);
                    Op((byte)(0x84 + t.Count));
                    return;
                default:
                    Op((byte)'(');
                    foreach (var x in t) Value(x, depth + 1);
                    Op((byte)'t');
                    return;
            }
        }

        private void Global(string module, string name)
        {
            Str(module);
            Str(name);
            Op(0x93);
        }

        private void DType(NdElementType t, bool littleEndian)
        {
            Global("numpy", "dtype");
            Str(NumpyTypes.Code(t));
            Op(0x89); Op(0x88); Op(0x87); // (code, False, True)
            Op((byte)'R');
            char order = NumpyTypes.ItemSize(t) == 1 ? '|' : littleEndian ? '<' : '>';
            Op((byte)'(');
            Int(3); Str(order.ToString()); Op((byte)'N'); Op((byte)'N'); Op((byte)'N'); Int(-1); Int(-1); Int(0);
            Op((byte)'t');
            Op((byte)'b');
        }

        private void Array(NdArray a)
        {
            Global("numpy.core.multiarray", "_reconstruct");
            Global("numpy", "ndarray");
            Int(0); Op(0x85);
            Bytes("b"u8);
            Op(0x87);
            Op((byte)'R');
            Op((byte)'(');
            Int(1);
            Op((byte)'(');
            foreach (var d in a.Shape) Int(d);
            Op((byte)'t');
            DType(a.ElementType, BitConverter.IsLittleEndian);
            Op(0x89);
            var raw = a.AsBytes();
            Bytes(raw);
            Op((byte)'t');
            Op((byte)'b');
        }


        private void Scalar(NdScalar sc)
        {
            Global("numpy.core.multiarray", "scalar");
            DType(sc.ElementType, littleEndian: true);
            Span<byte> b = stackalloc byte[8];
            var v = sc.Value;
            var ic = System.Globalization.CultureInfo.InvariantCulture;
            int n = NumpyTypes.ItemSize(sc.ElementType);
            switch (sc.ElementType)
            {
                case NdElementType.Float64: BinaryPrimitives.WriteDoubleLittleEndian(b, Convert.ToDouble(v, ic)); break;
                case NdElementType.Float32: BinaryPrimitives.WriteSingleLittleEndian(b, Convert.ToSingle(v, ic)); break;
                case NdElementType.Int64: BinaryPrimitives.WriteInt64LittleEndian(b, Convert.ToInt64(v, ic)); break;
                case NdElementType.Int32: BinaryPrimitives.WriteInt32LittleEndian(b, Convert.ToInt32(v, ic)); break;
                case NdElementType.Int16: BinaryPrimitives.WriteInt16LittleEndian(b, Convert.ToInt16(v, ic)); break;
                case NdElementType.Int8: b[0] = (byte)Convert.ToSByte(v, ic); break;
                case NdElementType.UInt64: BinaryPrimitives.WriteUInt64LittleEndian(b, Convert.ToUInt64(v, ic)); break;
                case NdElementType.UInt32: BinaryPrimitives.WriteUInt32LittleEndian(b, Convert.ToUInt32(v, ic)); break;
                case NdElementType.UInt16: BinaryPrimitives.WriteUInt16LittleEndian(b, Convert.ToUInt16(v, ic)); break;
                case NdElementType.UInt8: b[0] = Convert.ToByte(v, ic); break;
                case NdElementType.Bool: b[0] = Convert.ToBoolean(v, ic) ? (byte)1 : (byte)0; break;
            }
            Bytes(b[..n]);
            Op(0x86);
            Op((byte)'R');
        }
    }
}
