namespace TrackPipeline.Reconstruction;

/// <summary>
/// The lateral error of one pitch-long bin's charge centroid on a pair's stem, by what the detector sees of the bin: its
/// charge in MIPs. Measured, not derived (issue 10 round 14, docs/reconstruction.md): on generated pair photons, the spread of
/// the pixels' bin centroid about the deposits' centroid in the same bin (the sampling, diffusion and readout; the multiple
/// scattering the fit's covariance already carries is in both and cancels). A bin of one or two MIPs is one clean crossing of the
/// stem and is known to ~0.1 mm, half the pitch / sqrt 12 with diffusion the fit assumed before; a heavier bin holds a delta ray,
/// a brem's electron or two leptons parting, and its centroid is worth less. Measured and rejected at the vertex found (round 14:
/// no gain beyond the seed-to-seed scatter), so no setting asks for it: a study mode for the benchmark's stem-terms rows and
/// StemPointErrorTests, as the crossings are.
/// </summary>
public sealed class StemPointError
{
    private readonly double[] _edgesElectrons;
    private readonly double[] _variancesM2;

    /// <param name="mipEdges">Ascending bin charges (MIPs) where the error changes; n edges give n + 1 bands.</param>
    /// <param name="sigmasM">The error of each band, metres (one more than the edges).</param>
    /// <param name="electronsPerMip">A MIP's charge over one bin (electrons per mm times the bin length).</param>
    public StemPointError(ReadOnlySpan<double> mipEdges, ReadOnlySpan<double> sigmasM, double electronsPerMip)
    {
        if (sigmasM.Length != mipEdges.Length + 1) throw new ArgumentException("one more error than edges", nameof(sigmasM));
        _edgesElectrons = new double[mipEdges.Length];
        for (int i = 0; i < mipEdges.Length; i++) _edgesElectrons[i] = mipEdges[i] * electronsPerMip;
        _variancesM2 = new double[sigmasM.Length];
        for (int i = 0; i < sigmasM.Length; i++) _variancesM2[i] = sigmasM[i] * sigmasM[i];
    }

    /// <summary>The variance (m^2) of the centroid of a bin holding <paramref name="binCharge"/> electrons.</summary>
    public double VarianceM2(double binCharge)
    {
        int band = 0;
        while (band < _edgesElectrons.Length && binCharge >= _edgesElectrons[band]) band++;
        return _variancesM2[band];
    }
}
