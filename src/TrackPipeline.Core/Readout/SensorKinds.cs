namespace TrackPipeline.Readout;

/// <summary>The sensor kinds of the shipped readout levels, as named in the reference readout inputs (a model may accept others).</summary>
public static class SensorKinds
{
    /// <summary>Fine pixels (GAMPix chips, LArPix): charge binned in x, y and drift time.</summary>
    public const string Pixels = "pixels";
    /// <summary>Induction wire grids in x and y (GAMPixG); the chip array lies between the wires.</summary>
    public const string CoarseGrids = "coarse_grids";
    /// <summary>Coarse tile electrodes (GAMPixD), read like big pixels; one pixel chip per tile.</summary>
    public const string CoarseTiles = "coarse_tiles";
    /// <summary>Collection wires along y, at fixed x (anode grid readouts).</summary>
    public const string AnodeGrid = "anode_grid";
}
