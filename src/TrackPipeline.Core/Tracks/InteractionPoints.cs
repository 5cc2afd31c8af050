namespace TrackPipeline.Tracks;

/// <summary>
/// The truth positions (metres) and energies (keV) of one kind of interaction along a track
/// (bremsstrahlung emissions, Compton scatters, photoabsorptions, pair creations).
/// </summary>
public sealed class InteractionPoints
{
    public static readonly InteractionPoints None = new([], []);

    public InteractionPoints(Vec3[] positions, double[] energiesKev)
    {
        if (positions.Length != energiesKev.Length)
            throw new ArgumentException($"{positions.Length} positions but {energiesKev.Length} energies");
        Positions = positions;
        EnergiesKev = energiesKev;
    }

    public Vec3[] Positions { get; }
    public double[] EnergiesKev { get; }
    public int Count => Positions.Length;

    public double TotalEnergyKev()
    {
        double sum = 0;
        foreach (var e in EnergiesKev) sum += e;
        return sum;
    }

    /// <summary>How many of these interactions carry at least <paramref name="minKev"/>.</summary>
    public int CountAbove(double minKev)
    {
        int n = 0;
        foreach (var e in EnergiesKev) if (e >= minKev) n++;
        return n;
    }
}
