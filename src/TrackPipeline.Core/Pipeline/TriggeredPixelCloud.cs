using TrackPipeline.Readout;
using TrackPipeline.Topology;

namespace TrackPipeline.Pipeline;

/// <summary>The triggered fine pixels of a track as a charge cloud for the topology stage, voxelised at the pixel pitch.</summary>
public sealed class TriggeredPixelCloud(ReadoutSettings settings) : IPixelCloudSource
{
    public bool TryGetPixels(TrackItem item, out ChargeCloud cloud, out double pitchM)
    {
        var pixels = item.Readout?.Pixels;
        if (pixels is null || settings.Fine is null)
        {
            cloud = default;
            pitchM = 0;
            return false;
        }
        cloud = new ChargeCloud(pixels.X, pixels.Y, pixels.Z, pixels.ChargeE);
        // x, y are binned at the pixel pitch and z (drift time) at the sampling pitch; link at the coarser.
        pitchM = Math.Max(settings.Fine.PitchM, settings.Fine.SamplingPitchM);
        return true;
    }
}

/// <summary>Gives the triggered pixels of a track as a charge cloud, with the pixel pitch (set up by the readout stage).</summary>
public interface IPixelCloudSource
{
    bool TryGetPixels(TrackItem item, out ChargeCloud cloud, out double pitchM);
}
