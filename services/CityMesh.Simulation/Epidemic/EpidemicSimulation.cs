using System.Diagnostics;
using CityMesh.Compute;
using CityMesh.Simulation.Epidemic.Gpu;
using CityMesh.Simulation.Traffic.Engine;

namespace CityMesh.Simulation.Epidemic;

/// <summary>The population's counts after a step, and that step's infections and hospital admissions.</summary>
public sealed record EpidemicPoint(double Day, int Susceptible, int Exposed, int Infectious, int Recovered, int Hospitalised,
    int Critical, int Dead, int NewInfections, int NewAdmissions);

/// <summary>A run's curve and headline figures.</summary>
/// <param name="AttackRate">Share of the population ever infected (immunised agents not counted).</param>
/// <param name="AgentStepsPerSecond">Agents × steps over the wall time of the steps alone.</param>
/// <param name="HospitalLoads">Where the population has hospitals: for each point of the curve, every hospital's
/// patients in wards and in intensive care ([hospital · 2], [hospital · 2 + 1]); empty otherwise.</param>
public sealed record EpidemicResult(IReadOnlyList<EpidemicPoint> Curve, double AttackRate, int PeakInfectious, double PeakDay,
    int PeakHospitalised, int PeakCritical, int Deaths, int Vaccinated,
    long AgentSteps, double WallSeconds, double AgentStepsPerSecond, string Backend)
{
    public IReadOnlyList<int[]> HospitalLoads { get; init; } = [];
}

/// <summary>
/// An agent-based SEIR epidemic with hospital and ICU stays over a <see cref="Population"/>'s contact layers, with
/// interventions from given days, on the managed path or an ILGPU accelerator (README.md). Deterministic for a seed,
/// and the same on every backend.
/// </summary>
public sealed class EpidemicSimulation : IDisposable
{
    private readonly Population _population;
    private readonly EpidemicOptions _options;
    private readonly EpidemicState _state;
    private readonly IEpidemicKernels _kernels;
    private readonly List<EpidemicPoint> _curve = [];
    private readonly int[] _counts = new int[EpidemicState.States];
    private readonly int[] _moves = new int[Moves.Slots];
    private readonly int[] _bedChanges, _beds;
    private readonly List<int[]> _hospitalLoads = [];
    private readonly HashSet<int> _vaccinationsDone = [];
    private int _infected, _vaccinated;
    private long _wallTicks;

    /// <param name="device">An ILGPU device to run the agents on (a <see cref="ComputeSelection"/>'s); none: managed.</param>
    public EpidemicSimulation(Population population, EpidemicOptions options, ComputeDevice? device = null)
        : this(population, options, device is null ? new ManagedEpidemicKernels() : new IlgpuEpidemicKernels(device))
    {
    }

    internal EpidemicSimulation(Population population, EpidemicOptions options, IEpidemicKernels kernels)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems(population);
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(options));
        _population = population;
        _options = options;
        _state = new EpidemicState(population, options);
        foreach (int agent in InitialCases(population.Count, options)) _state.Seat(agent, HealthState.Infectious);
        _kernels = kernels;
        _kernels.Bind(_state);
        _bedChanges = new int[population.Hospitals * EpidemicState.BedKinds];
        _beds = new int[_bedChanges.Length];
        _counts[(int)HealthState.Susceptible] = population.Count - options.InitialInfections;
        _counts[(int)HealthState.Infectious] = options.InitialInfections;
        _infected = options.InitialInfections;
        Current = Point(0, 0);
        _curve.Add(Current);
        if (_beds.Length > 0) _hospitalLoads.Add((int[])_beds.Clone());
    }

    public string Backend => _kernels.Description;

    public EpidemicPoint Current { get; private set; }

    public double Day => _state.Step * _options.StepDays;

    /// <summary>The horizon is reached, or no one is latent, infectious or in care any more.</summary>
    public bool IsFinished => Day >= _options.Days - 1e-9 ||
        Current.Exposed + Current.Infectious + Current.Hospitalised + Current.Critical == 0;

    public void Step()
    {
        long started = Stopwatch.GetTimestamp();
        Array.Clear(_moves);
        Array.Clear(_bedChanges);
        SetRates(Day);
        Vaccinate(Day);
        _kernels.Step(_state, _moves, _bedChanges);
        _wallTicks += Stopwatch.GetTimestamp() - started;
        for (int k = 0; k < EpidemicState.States; k++) _counts[k] += _moves[k] - _moves[Moves.OutOf + k];
        _infected += _moves[Moves.Infected];
        _vaccinated += _moves[Moves.OutOf + (int)HealthState.Susceptible] - _moves[Moves.Infected];
        Current = Point(_moves[Moves.Infected], _moves[(int)HealthState.Hospitalised]);
        _curve.Add(Current);
        if (_beds.Length == 0) return;
        for (int k = 0; k < _beds.Length; k++) _beds[k] += _bedChanges[k];
        _hospitalLoads.Add((int[])_beds.Clone());
    }

    public EpidemicResult Run(IProgress<EpidemicPoint>? progress = null, CancellationToken cancellationToken = default)
    {
        while (!IsFinished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Step();
            progress?.Report(Current);
        }
        return Result;
    }

    public EpidemicResult Result
    {
        get
        {
            var peak = _curve.MaxBy(p => p.Infectious)!;
            double wall = Stopwatch.GetElapsedTime(0, _wallTicks).TotalSeconds;
            long agentSteps = _state.Step * _state.Count;
            return new EpidemicResult(_curve.ToList(), (double)_infected / _state.Count, peak.Infectious, peak.Day,
                _curve.Max(p => p.Hospitalised), _curve.Max(p => p.Critical), Current.Dead, _vaccinated,
                agentSteps, wall, wall > 0 ? agentSteps / wall : 0, Backend) { HospitalLoads = _hospitalLoads.ToList() };
        }
    }

    /// <summary>Every agent's state now (read back from the device when the run is on one).</summary>
    public HealthState[] States()
    {
        _kernels.Read(_state);
        return _state.State.Select(b => (HealthState)b).ToArray();
    }

    /// <summary>Infectious members per group now, all layers' groups in <see cref="Population.GroupStart"/> order.</summary>
    internal int[] InfectiousPerGroup()
    {
        _kernels.Read(_state);
        return (int[])_state.Infectious.Clone();
    }

    public void Dispose() => _kernels.Dispose();

    private EpidemicPoint Point(int newInfections, int newAdmissions) => new(Day,
        _counts[(int)HealthState.Susceptible], _counts[(int)HealthState.Exposed], _counts[(int)HealthState.Infectious],
        _counts[(int)HealthState.Recovered], _counts[(int)HealthState.Hospitalised], _counts[(int)HealthState.Critical],
        _counts[(int)HealthState.Dead], newInfections, newAdmissions);

    /// <summary>Each layer's rate on <paramref name="day"/>: the population's, times every active intervention's factor.</summary>
    private void SetRates(double day)
    {
        for (int l = 0; l < _population.Layers.Count; l++)
        {
            var layer = _population.Layers[l];
            double beta = layer.Beta;
            foreach (var intervention in _options.Interventions)
                if (intervention.ActiveOn(day)) beta *= intervention.Factor(layer.Name);
            _state.Beta[l] = (float)beta;
        }
    }

    /// <summary>Vaccination campaigns that start on this step, once each.</summary>
    private void Vaccinate(double day)
    {
        for (int k = 0; k < _options.Interventions.Count; k++)
        {
            var campaign = _options.Interventions[k];
            if (campaign.Kind != InterventionKind.Vaccination || day < campaign.FromDay || !_vaccinationsDone.Add(k)) continue;
            var chance = new float[Severity.Bands];
            for (int band = 0; band < chance.Length; band++)
                if (campaign.AgeBands.Count == 0 || campaign.AgeBands.Contains(band)) chance[band] = (float)(campaign.Share * campaign.Efficacy);
            _kernels.Vaccinate(_state, chance, _moves);
        }
    }

    /// <summary>Distinct agents drawn from the seed's own stream.</summary>
    private static IEnumerable<int> InitialCases(int population, EpidemicOptions options)
    {
        var chosen = new HashSet<int>();
        for (long k = 0; chosen.Count < options.InitialInfections; k++)
            chosen.Add((int)(CounterRandom.Uniform32(options.Seed, 0, k, CounterRandom.InitialCaseStream) % (uint)population));
        return chosen.Order();
    }
}
