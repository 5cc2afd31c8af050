using TrackPipeline.Tracks;

namespace TrackPipeline.Generation;

/// <summary>Where each truth interaction of one kind happened (cm) and its energy (MeV), in order.</summary>
public sealed class InteractionLog
{
    private readonly List<Vec3> _points = new();
    private readonly List<double> _energies = new();

    public int Count => _points.Count;
    public IReadOnlyList<Vec3> Points => _points;
    public IReadOnlyList<double> Energies => _energies;

    public void Add(Vec3 point, double energyMeV)
    {
        _points.Add(point);
        _energies.Add(energyMeV);
    }
}
