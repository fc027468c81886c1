using System.Diagnostics;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// A microscopic traffic simulation of SUMO's kind (Krauss car following, signals, right of way, strategic lane
/// changes) over a <see cref="TrafficNetwork"/> and <see cref="TrafficDemand"/>. Each <see cref="Step"/>:
/// signals advance, due trips are inserted, speeds are planned, vehicles move and cross junctions, vehicles on the
/// wrong lane change lanes. State is allocated once; a run is a pure function of its inputs and seed.
/// </summary>
public sealed class TrafficSimulation
{
    private readonly TrafficNetwork _network;
    private readonly TrafficDemand _demand;
    private readonly TrafficSimulationOptions _options;
    private readonly TrafficState _state;
    private readonly SignalBoard _signals;
    private readonly Departures _departures;
    private readonly Teleports _teleports;
    private readonly ITrafficKernels _kernels;
    private readonly double[] _routeLength;
    private long _wallTicks;

    // The detector feed: copied out after each step so readers on other threads see whole steps.
    private readonly Lock _liveGate = new();
    private readonly int[] _liveCount, _liveHalting;
    private readonly float[] _liveSpeedSum;

    public TrafficSimulation(TrafficNetwork network, TrafficDemand demand, TrafficSimulationOptions? options = null)
        : this(network, demand, options ?? new TrafficSimulationOptions(), null)
    {
    }

    /// <summary>With a kernel backend other than the managed one (the seam the ILGPU backend plugs into).</summary>
    internal TrafficSimulation(TrafficNetwork network, TrafficDemand demand, TrafficSimulationOptions options, ITrafficKernels? kernels, string? backend = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(demand);
        _network = network;
        _demand = demand;
        _options = options;
        _state = new TrafficState(network, demand, options);
        _signals = new SignalBoard(network, _state.Roads, options);
        _departures = new Departures(demand, _state.Roads);
        _teleports = new Teleports(_state.Roads.LaneCount, options.TimeToTeleport);
        _kernels = kernels ?? new ManagedTrafficKernels(options.MaxDegreeOfParallelism);
        Backend = backend ?? CityMesh.Compute.ManagedCompute.Current.Description;
        _routeLength = demand.Trips.Select(t => t.Route.Sum(e => network.Edges[e].Length)).ToArray();
        int lanes = _state.Roads.LaneCount;
        _liveCount = new int[lanes];
        _liveHalting = new int[lanes];
        _liveSpeedSum = new float[lanes];
    }

    /// <summary>The raw buffers, for tests and a future backend comparison.</summary>
    internal TrafficState State => _state;

    /// <summary>Where the kernels run, e.g. "managed: 2 cores, Vector&lt;float&gt; width 8" (see TrafficBackends).</summary>
    public string Backend { get; }

    /// <summary>Simulated seconds so far.</summary>
    public double Time => _state.Time;

    public long Steps => _state.Step;

    /// <summary>The end time is reached, or (without one) every trip has arrived or the time cap is reached.</summary>
    public bool IsFinished =>
        _state.Time >= (_options.EndTime ?? _options.MaxTime) - 1e-9 ||
        (_options.EndTime is null && _state.Arrived == _state.Fleet.Count);

    /// <summary>Advances the simulation by one step length.</summary>
    public void Step()
    {
        var s = _state;
        long started = Stopwatch.GetTimestamp();
        _signals.Advance(s.Time, s.Dt, s.Roads, s.Lanes, s.LinkStates);
        _departures.Insert(s);
        s.VehicleUpdates += s.Inserted - s.Arrived;
        _kernels.PlanSpeeds(s);
        _kernels.Move(s);
        LaneTransfers.Apply(s);
        _kernels.ChangeLanes(s);
        _teleports.Apply(s);
        s.Tally.TallyQueues();
        s.Step++;
        s.Time = s.Step * _options.StepLength;
        lock (_liveGate)
        {
            s.Tally.LiveCount.CopyTo(_liveCount, 0);
            s.Tally.LiveHalting.CopyTo(_liveHalting, 0);
            s.Tally.LiveSpeedSum.CopyTo(_liveSpeedSum, 0);
        }
        _wallTicks += Stopwatch.GetTimestamp() - started;
    }

    /// <summary>Steps until <see cref="IsFinished"/>, reporting progress; cancellation stops between steps.</summary>
    public TrafficResults Run(IProgress<SimulationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        double nextReport = _state.Time;
        while (!IsFinished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Step();
            if (progress is not null && _state.Time >= nextReport)
            {
                progress.Report(Progress());
                nextReport = _state.Time + _options.ProgressInterval;
            }
        }
        progress?.Report(Progress());
        return Results;
    }

    /// <summary>Detector values of every lane (index = lane index) for the last completed step; callable from any thread.</summary>
    public void ReadLanes(Span<LaneReading> readings)
    {
        if (readings.Length < _liveCount.Length) throw new ArgumentException($"Need room for {_liveCount.Length} lanes.", nameof(readings));
        lock (_liveGate)
        {
            for (int l = 0; l < _liveCount.Length; l++) readings[l] = Reading(l);
        }
    }

    public LaneReading ReadLane(int lane)
    {
        lock (_liveGate) return Reading(lane);
    }

    private LaneReading Reading(int lane) =>
        new(_liveCount[lane], _liveCount[lane] == 0 ? 0f : _liveSpeedSum[lane] / _liveCount[lane], _liveHalting[lane]);

    private SimulationProgress Progress() =>
        new(_state.Time, _options.EndTime ?? _options.MaxTime, _state.Inserted - _state.Arrived, _state.Arrived, _departures.Waiting, _state.VehicleUpdates);

    /// <summary>A snapshot of the outputs so far.</summary>
    public TrafficResults Results => WithBackend(ResultsBuilder.Build(_network, _demand, _state, _departures, _routeLength, Stopwatch.GetElapsedTime(0, _wallTicks).TotalSeconds));

    private TrafficResults WithBackend(TrafficResults r) => r with { Summary = r.Summary with { Backend = Backend } };
}
