using System.Diagnostics;
using CityMesh.Compute;
using CityMesh.Simulation.Epidemic.Gpu;
using CityMesh.Simulation.Traffic.Engine;

namespace CityMesh.Simulation.Epidemic;

/// <summary>The population's counts after a step, and the infections of that step.</summary>
public sealed record EpidemicPoint(double Day, int Susceptible, int Exposed, int Infectious, int Recovered, int NewInfections);

/// <summary>A run's curve and headline figures.</summary>
/// <param name="AttackRate">Share of the population ever infected.</param>
/// <param name="AgentStepsPerSecond">Agents × steps over the wall time of the steps alone.</param>
public sealed record EpidemicResult(IReadOnlyList<EpidemicPoint> Curve, double AttackRate, int PeakInfectious, double PeakDay,
    long AgentSteps, double WallSeconds, double AgentStepsPerSecond, string Backend);

/// <summary>
/// An agent-based SEIR epidemic over a <see cref="Population"/>'s contact layers, on the managed path or an ILGPU
/// accelerator (README.md). Deterministic for a seed, and the same on every backend.
/// </summary>
public sealed class EpidemicSimulation : IDisposable
{
    private readonly EpidemicOptions _options;
    private readonly EpidemicState _state;
    private readonly IEpidemicKernels _kernels;
    private readonly List<EpidemicPoint> _curve = [];
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
        var problems = options.Problems(population.Count);
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(options));
        _options = options;
        _state = new EpidemicState(population, options);
        foreach (int agent in InitialCases(population.Count, options)) _state.Seat(agent, HealthState.Infectious);
        _kernels = kernels;
        _kernels.Bind(_state);
        Current = new EpidemicPoint(0, population.Count - options.InitialInfections, 0, options.InitialInfections, 0, 0);
        _curve.Add(Current);
    }

    public string Backend => _kernels.Description;

    public EpidemicPoint Current { get; private set; }

    public double Day => _state.Step * _options.StepDays;

    /// <summary>The horizon is reached, or no one is latent or infectious any more.</summary>
    public bool IsFinished => Day >= _options.Days - 1e-9 || Current.Exposed + Current.Infectious == 0;

    public void Step()
    {
        long started = Stopwatch.GetTimestamp();
        var t = _kernels.Step(_state);
        _wallTicks += Stopwatch.GetTimestamp() - started;
        var c = Current;
        int exposed = c.Exposed + (_state.HasLatent ? t.Infected : 0) - (_state.HasLatent ? t.BecameInfectious : 0);
        Current = new EpidemicPoint(Day, c.Susceptible - t.Infected, exposed, c.Infectious + t.BecameInfectious - t.Recovered,
            c.Recovered + t.Recovered, t.Infected);
        _curve.Add(Current);
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
            return new EpidemicResult(_curve.ToList(), 1.0 - (double)Current.Susceptible / _state.Count, peak.Infectious, peak.Day,
                agentSteps, wall, wall > 0 ? agentSteps / wall : 0, Backend);
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

    /// <summary>Distinct agents drawn from the seed's own stream.</summary>
    private static IEnumerable<int> InitialCases(int population, EpidemicOptions options)
    {
        var chosen = new HashSet<int>();
        for (long k = 0; chosen.Count < options.InitialInfections; k++)
            chosen.Add((int)(CounterRandom.Uniform32(options.Seed, 0, k, CounterRandom.InitialCaseStream) % (uint)population));
        return chosen.Order();
    }
}
