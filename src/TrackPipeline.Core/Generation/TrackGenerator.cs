using TrackPipeline.Tracks;
using static TrackPipeline.Generation.PhysicalConstants;
using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>
/// Condensed-history transport of one primary and all its descendants in an infinite medium (class II scheme,
/// as in PENELOPE/EGS): charged particles lose energy continuously with the restricted stopping power, scatter by
/// multiple scattering at a random hinge inside each step, and produce delta rays and bremsstrahlung photons above
/// the cuts as discrete events; photons travel to their next Compton, photoelectric or pair interaction.
/// Thread-safe: holds only read-only tables; each call gets its own random stream.
/// </summary>
public sealed class TrackGenerator
{
    private readonly GeneratorSettings _settings;
    private readonly PhotonAttenuation _photons;
    private readonly ChargedParticlePhysics _electrons, _positrons;
    /// <summary>The same for a coarse history: PENELOPE's WCC and WCR of the sample's 20/50 MeV folders as cuts.</summary>
    private readonly ChargedParticlePhysics _coarseElectrons, _coarsePositrons;
    private readonly IonizationYield _yield;
    private readonly double _eabsE, _eabsPh, _maxStepCm, _worldCm;

    public GeneratorSettings Settings => _settings;
    public PhotonAttenuation Photons => _photons;

    public TrackGenerator(GeneratorSettings settings)
    {
        _settings = settings;
        _photons = new PhotonAttenuation(Path.Combine(settings.PhysicsDir, "argon_photon_xs.csv"), settings.DensityGPerCm3);
        _eabsE = settings.ElectronAbsorptionKev * 1e-3;
        _eabsPh = settings.PhotonAbsorptionKev * 1e-3;
        _electrons = new ChargedParticlePhysics(settings.PhysicsDir, settings.DensityGPerCm3, settings.DeltaRayCutKev * 1e-3, settings.BremCutKev * 1e-3, _eabsE, positron: false);
        _positrons = new ChargedParticlePhysics(settings.PhysicsDir, settings.DensityGPerCm3, settings.DeltaRayCutKev * 1e-3, settings.BremCutKev * 1e-3, _eabsE, positron: true);
        _coarseElectrons = new ChargedParticlePhysics(settings.PhysicsDir, settings.DensityGPerCm3, settings.CoarseDeltaRayCutKev * 1e-3, settings.CoarseBremCutKev * 1e-3, _eabsE, positron: false);
        _coarsePositrons = new ChargedParticlePhysics(settings.PhysicsDir, settings.DensityGPerCm3, settings.CoarseDeltaRayCutKev * 1e-3, settings.CoarseBremCutKev * 1e-3, _eabsE, positron: true);
        _yield = new IonizationYield(settings);
        _maxStepCm = settings.MaxStepM * 100;
        _worldCm = settings.WorldRadiusM * 100;
    }

    /// <param name="Lepton">Truth only: the <see cref="PairLeptonTag"/> its deposits carry (inherited from the particle that made it).</param>
    private readonly record struct Pending(Particle Kind, double Energy, Vec3 Position, Vec3 Direction, byte Lepton);

    private sealed class History(DepositRecorder deposits)
    {
        public readonly Stack<Pending> Stack = new();
        public readonly DepositRecorder Deposits = deposits;
        public readonly InteractionLog Brem = new(), Compton = new(), Photo = new(), Pair = new();
        public readonly PairLeptonLog PairLeptons = new();
        public double Escaped;
        public int Steps;
        public string? FirstInteraction;
        public Vec3? FirstPoint;
        public bool Primary = true;
        /// <summary>Transported as PENELOPE's coarse 20/50 MeV folders were (<see cref="CoarseTransportModel.Penelope"/>).</summary>
        public bool Coarse;
    }

    /// <summary>Simulates a primary of <paramref name="energyMeV"/> starting at the origin in a random direction.</summary>
    public GeneratedTrack Generate(Particle particle, double energyMeV, TrackRandom rng)
    {
        var direction = Direction.Isotropic(rng);
        bool coarse = energyMeV * 1e3 >= _settings.CoarseAboveKev;
        var h = new History(new DepositRecorder(_yield, coarse
            ? _ => _settings.CoarseDepositMeanEnergyKev * 1e-3
            : _settings.DepositMeanEnergy, rng))
        {
            Coarse = coarse && _settings.CoarseTransport == CoarseTransportModel.Penelope,
        };
        h.Stack.Push(new Pending(particle, energyMeV, Vec3.Zero, direction, PairLeptonTag.Neither));
        while (h.Stack.Count > 0)
        {
            var p = h.Stack.Pop();
            h.Deposits.CurrentPairLepton = p.Lepton;
            if (p.Kind == Particle.Photon) TransportPhoton(p, h, rng);
            else if (h.Coarse) TransportChargedMixed(p, h, rng);
            else TransportCharged(p, h, rng);
            h.Primary = false;
        }
        var d = h.Deposits;
        return new GeneratedTrack
        {
            Particle = particle,
            EnergyMeV = energyMeV,
            InitialDirection = direction,
            Origin = particle == Particle.Photon ? h.FirstPoint ?? Vec3.Zero : Vec3.Zero,
            FirstInteraction = particle == Particle.Photon ? h.FirstInteraction ?? "n/a" : "n/a",
            X = DepositRecorder.Exact(d.X), Y = DepositRecorder.Exact(d.Y), Z = DepositRecorder.Exact(d.Z),
            Electrons = DepositRecorder.Exact(d.Electrons),
            PairLepton = DepositRecorder.Exact(d.PairLepton),
            Brem = h.Brem, Compton = h.Compton, Photo = h.Photo, Pair = h.Pair,
            PairLeptons = h.PairLeptons,
            DepositedMeV = d.DepositedMeV,
            EscapedMeV = h.Escaped,
            Steps = h.Steps,
        };
    }

    private void TransportCharged(Pending p, History h, TrackRandom rng)
    {
        bool positron = p.Kind == Particle.Positron;
        var physics = positron ? _positrons : _electrons;
        double t = p.Energy;
        var pos = p.Position;
        var dir = p.Direction;
        while (t > _eabsE)
        {
            h.Steps++;
            var here = physics.At(t);
            double s = physics.RestrictedStoppingPower(here);
            double deltaRate = physics.DeltaRate(here), bremRate = physics.BremRate(here);
            double hardRate = deltaRate + bremRate;
            double lambda1 = physics.TransportMeanFreePath(here);
            double step = Math.Min(Math.Min(_settings.MaxFractionalEnergyLoss * t / s, _maxStepCm), 0.2 * lambda1);
            double toHard = hardRate > 0 ? -Math.Log(rng.NextDoubleNonZero()) / hardRate : double.PositiveInfinity;
            bool hard = toHard < step;
            if (hard) step = toHard;
            if (!HingeStep(physics, s, step, new ClassIIScattering(lambda1), ref t, ref pos, ref dir, h, rng)) break;
            if (!hard) continue;
            HardInelastic(rng.NextDouble() * hardRate < deltaRate, physics, positron, ref t, ref dir, pos, h, rng);
        }
        Stop(t, pos, positron, h, rng);
    }

    /// <summary>
    /// A charged particle of a coarse history (<see cref="CoarseTransportModel.Penelope"/>): PENELOPE's mixed scheme with
    /// the sample's coarse cards. Steps run to the next hard event of any kind (hard elastic, delta ray above WCC, brem
    /// above WCR), at most 4 lambda_h so that the soft loss stays a small share; the soft deflection is applied at a
    /// random hinge, a hard elastic event turns the particle by one single-scattering angle (<see cref="MixedElasticScattering"/>).
    /// </summary>
    private void TransportChargedMixed(Pending p, History h, TrackRandom rng)
    {
        bool positron = p.Kind == Particle.Positron;
        var physics = positron ? _coarsePositrons : _coarseElectrons;
        double t = p.Energy;
        var pos = p.Position;
        var dir = p.Direction;
        while (t > _eabsE)
        {
            h.Steps++;
            var here = physics.At(t);
            double s = physics.RestrictedStoppingPower(here);
            var elastic = MixedElasticScattering.At(t, physics.TransportMeanFreePath(here), physics.Screening(here), physics.TotalStoppingPower(here),
                _settings.CoarseC1, _settings.CoarseC2);
            double deltaRate = physics.DeltaRate(here), bremRate = physics.BremRate(here), elasticRate = 1 / elastic.HardMeanFreePathCm;
            double hardRate = deltaRate + bremRate + elasticRate;
            double step = 4 * elastic.HardMeanFreePathCm;
            double toHard = -Math.Log(rng.NextDoubleNonZero()) / hardRate;
            bool hard = toHard < step;
            if (hard) step = toHard;
            if (!HingeStep(physics, s, step, elastic, ref t, ref pos, ref dir, h, rng)) break;
            if (!hard) continue;
            double which = rng.NextDouble() * hardRate;
            if (which < elasticRate)
            {
                dir = Direction.Deflect(dir, elastic.SampleHardCosTheta(rng), 2 * Math.PI * rng.NextDouble());
                continue;
            }
            HardInelastic(which - elasticRate < deltaRate, physics, positron, ref t, ref dir, pos, h, rng);
        }
        Stop(t, pos, positron, h, rng);
    }

    /// <summary>
    /// One condensed-history step of <paramref name="step"/> cm at kinetic energy <paramref name="t"/> (restricted stopping power
    /// <paramref name="s"/> there), shared by the fine and the mixed transport: the soft loss over it at the mid-step energy,
    /// and a random hinge (straight for tau * step, the soft deflection, straight for the rest). False when the particle stops
    /// within the step: its remaining energy then goes along its residual range and <paramref name="t"/> is 0.
    /// </summary>
    private bool HingeStep<TSoft>(ChargedParticlePhysics physics, double s, double step, TSoft soft, ref double t, ref Vec3 pos, ref Vec3 dir, History h, TrackRandom rng)
        where TSoft : struct, ISoftScattering
    {
        double loss = physics.RestrictedStoppingPower(Math.Max(t - 0.5 * s * step, _eabsE)) * step;
        if (t - loss <= _eabsE)
        {
            Leg(ref pos, dir, t / s, t, 0.5 * t, h);
            t = 0;
            return false;
        }
        double tau = rng.NextDouble();
        Leg(ref pos, dir, tau * step, tau * loss, t, h);
        dir = Direction.Deflect(dir, soft.SampleCosTheta(step, rng), 2 * Math.PI * rng.NextDouble());
        Leg(ref pos, dir, (1 - tau) * step, (1 - tau) * loss, t, h);
        t -= loss;
        return true;
    }

    /// <summary>
    /// A straight leg of <paramref name="lengthCm"/> along <paramref name="dir"/> losing <paramref name="lossMeV"/>
    /// (deposited along it at kinetic energy <paramref name="kineticMeV"/>); <paramref name="pos"/> moves to its end.
    /// </summary>
    private static void Leg(ref Vec3 pos, Vec3 dir, double lengthCm, double lossMeV, double kineticMeV, History h)
    {
        var end = pos + lengthCm * dir;
        h.Deposits.Segment(pos, end, lossMeV, kineticMeV);
        pos = end;
    }

    /// <summary>A delta ray (Moller/Bhabha, above the cut) or a bremsstrahlung photon: pushed on the stack, the particle's energy and direction updated.</summary>
    private static void HardInelastic(bool delta, ChargedParticlePhysics physics, bool positron, ref double t, ref Vec3 dir, Vec3 pos, History h, TrackRandom rng)
    {
        if (delta)
        {
            double cut = physics.DeltaCutMeV;
            if (t <= (positron ? cut : 2 * cut)) return;
            double w = MollerBhabha.SampleDeltaEnergy(t, cut, positron, rng);
            double phi = 2 * Math.PI * rng.NextDouble();
            var deltaDir = Direction.Deflect(dir, MollerBhabha.BinaryCollisionCosine(w, t), phi);
            var newDir = Direction.Deflect(dir, MollerBhabha.BinaryCollisionCosine(t - w, t), phi + Math.PI);
            h.Stack.Push(new Pending(Particle.Electron, w, pos, deltaDir, h.Deposits.CurrentPairLepton));
            dir = newDir;
            t -= w;
        }
        else
        {
            double cut = physics.BremCutMeV;
            if (t <= cut) return;
            double k = Bremsstrahlung.SamplePhotonEnergy(t, cut, rng);
            double theta = TsaiAngle.SampleTheta(t + ElectronMass, rng);
            var photonDir = Direction.Deflect(dir, Math.Cos(theta), 2 * Math.PI * rng.NextDouble());
            h.Brem.Add(pos, k);
            h.Stack.Push(new Pending(Particle.Photon, k, pos, photonDir, h.Deposits.CurrentPairLepton));
            t -= k;
        }
    }

    /// <summary>The end of a charged particle: its remaining energy deposited, a positron annihilating at rest.</summary>
    private static void Stop(double t, Vec3 pos, bool positron, History h, TrackRandom rng)
    {
        if (t > 0) h.Deposits.Point(pos, t);
        h.Deposits.Flush(pos);
        if (positron)
        {
            // Annihilation at rest: two back-to-back 511 keV photons, isotropic.
            var a = Direction.Isotropic(rng);
            h.Stack.Push(new Pending(Particle.Photon, ElectronMass, pos, a, h.Deposits.CurrentPairLepton));
            h.Stack.Push(new Pending(Particle.Photon, ElectronMass, pos, -1.0 * a, h.Deposits.CurrentPairLepton));
        }
    }

    /// <summary>Geant4's standard pair angles: Tsai/Urban polar angles, the leptons on opposite sides of the photon.</summary>
    private static (Vec3 Electron, Vec3 Positron) TsaiPair(Vec3 dir, double totalMinus, double totalPlus, TrackRandom rng)
    {
        double phi = 2 * Math.PI * rng.NextDouble();
        return (Direction.Deflect(dir, Math.Cos(TsaiAngle.SampleTheta(totalMinus, rng)), phi),
                Direction.Deflect(dir, Math.Cos(TsaiAngle.SampleTheta(totalPlus, rng)), phi + Math.PI));
    }

    private void TransportPhoton(Pending p, History h, TrackRandom rng)
    {
        double e = p.Energy;
        var pos = p.Position;
        var dir = p.Direction;
        bool primary = h.Primary;
        while (true)
        {
            if (e <= _eabsPh)
            {
                h.Deposits.Point(pos, e);
                h.Deposits.Flush(pos);
                return;
            }
            h.Steps++;
            double mu = _photons.Total(e);
            pos = pos + (-Math.Log(rng.NextDoubleNonZero()) / mu) * dir;
            if (pos.Length > _worldCm)
            {
                h.Escaped += e;
                return;
            }
            var kind = _photons.Choose(e, rng.NextDouble());
            if (primary)
            {
                h.FirstInteraction = kind switch { PhotonInteraction.Compton => "compton", PhotonInteraction.Photoelectric => "photo", _ => "pair" };
                h.FirstPoint = pos;
                primary = false;
            }
            switch (kind)
            {
                case PhotonInteraction.Photoelectric:
                {
                    h.Photo.Add(pos, e);
                    double kEdge = _settings.KEdgeKev * 1e-3;
                    double binding = e > kEdge ? kEdge : 0.0;
                    double tPhoto = e - binding;
                    if (binding > 0)
                    {
                        if (rng.NextDouble() < _settings.KFluorescenceYield)
                        {
                            double kAlpha = _settings.KAlphaKev * 1e-3;
                            h.Deposits.Point(pos, binding - kAlpha);
                            h.Stack.Push(new Pending(Particle.Photon, kAlpha, pos, Direction.Isotropic(rng), h.Deposits.CurrentPairLepton));
                        }
                        else h.Deposits.Point(pos, binding);
                    }
                    var eDir = Direction.Deflect(dir, Photoabsorption.SampleSauterCosine(tPhoto, rng), 2 * Math.PI * rng.NextDouble());
                    h.Stack.Push(new Pending(Particle.Electron, tPhoto, pos, eDir, h.Deposits.CurrentPairLepton));
                    h.Deposits.Flush(pos);
                    return;
                }
                case PhotonInteraction.Compton:
                {
                    var (eps, cosTheta) = ComptonScattering.Sample(e, rng);
                    double tRecoil = e * (1 - eps);
                    double phi = 2 * Math.PI * rng.NextDouble();
                    var eDir = Direction.Deflect(dir, ComptonScattering.ElectronCosine(e, eps, cosTheta), phi + Math.PI);
                    h.Compton.Add(pos, tRecoil);
                    h.Stack.Push(new Pending(Particle.Electron, tRecoil, pos, eDir, h.Deposits.CurrentPairLepton));
                    dir = Direction.Deflect(dir, cosTheta, phi);
                    e *= eps;
                    continue;
                }
                default:
                {
                    h.Pair.Add(pos, e);
                    double epsE = PairProduction.SampleElectronFraction(e, rng);
                    double totalMinus = epsE * e, totalPlus = (1 - epsE) * e;
                    double tPlus = Math.Max(totalPlus - ElectronMass, 0), tMinus = Math.Max(totalMinus - ElectronMass, 0);
                    var (dMinus, dPlus) = _settings.PairAngles == PairAngleModel.Penelope
                        ? PairLeptonAngles.Sample(dir, tMinus, tPlus, rng)
                        : TsaiPair(dir, totalMinus, totalPlus, rng);
                    h.PairLeptons.Add(tMinus, dMinus, tPlus, dPlus);
                    // Truth tag: the first pair's leptons start their own lines of descent; a later pair inherits.
                    bool firstPair = h.PairLeptons.Count == 1;
                    byte inherited = h.Deposits.CurrentPairLepton;
                    h.Stack.Push(new Pending(Particle.Positron, tPlus, pos, dPlus, firstPair ? PairLeptonTag.Positron : inherited));
                    h.Stack.Push(new Pending(Particle.Electron, tMinus, pos, dMinus, firstPair ? PairLeptonTag.Electron : inherited));
                    return;
                }
            }
        }
    }
}
