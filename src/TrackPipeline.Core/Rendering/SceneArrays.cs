namespace TrackPipeline.Rendering;

/// <summary>
/// The four coordinate and charge arrays of one <see cref="TrackScene"/>, kept by a render worker and refilled for each
/// track: a scene's points are a copy of the stage's arrays in single precision (~166 MB a sample run as new arrays,
/// docs/benchmarks/rendering.md round 18), needed only while the track's pictures and page are made. The arrays only
/// grow, at least doubling (the sample comes folder by folder in growing size: growing by a quarter reallocated ~20 times
/// a worker, 45 MB in all); a scene built on them is valid until the next <see cref="Take"/>, so it must not outlive the
/// track it was built for.
/// </summary>
public sealed class SceneArrays
{
    private float[] _x = [], _y = [], _z = [], _q = [];

    /// <summary>Arrays of at least <paramref name="count"/> elements; what they held before is overwritten by the caller.</summary>
    public (float[] X, float[] Y, float[] Z, float[] ChargeE) Take(int count)
    {
        if (_x.Length < count)
        {
            int length = (int)Math.Min(Array.MaxLength, Math.Max(count, 2L * _x.Length));
            // Uninitialised: every element up to the count is written before it is read.
            _x = GC.AllocateUninitializedArray<float>(length);
            _y = GC.AllocateUninitializedArray<float>(length);
            _z = GC.AllocateUninitializedArray<float>(length);
            _q = GC.AllocateUninitializedArray<float>(length);
        }
        return (_x, _y, _z, _q);
    }
}
