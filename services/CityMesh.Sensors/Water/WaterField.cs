using CityMesh.Contracts.Twin;
using CityMesh.Messaging.Telemetry;
using CityMesh.Simulation;
using CityMesh.Simulation.Water;
using CityMesh.Simulation.Water.Hydraulics;
using CityMesh.Simulation.Water.Leaks;
using CityMesh.Simulation.Water.Twin;
using Google.Protobuf.WellKnownTypes;

namespace CityMesh.Sensors.Water;

/// <summary>A leak the field lets out: on a pipe's middle, from a moment of city time, at a share of the network's mean inflow.</summary>
/// <param name="FlowLitresPerSecond">What it lets out at the pressure where it opened (it follows the pressure after).</param>
public sealed record FieldLeak(string Pipe, double Share, DateTimeOffset Start, double FlowLitresPerSecond);

/// <summary>
/// The real network the water meters read, played on the city's clock: the network's hydraulics every
/// <see cref="Step"/> seconds with consumption that wanders from its patterns as the labelled leak data sets draw it
/// (a city-wide factor a day, each junction's own a day and an hour: <see cref="LeakDataOptions"/>'s sizes), and a
/// leak where one is opened (an emitter at the pipe's middle, as in <see cref="PipeSplit"/>). Each step gives what
/// the meters read: the loggers' pressures and the area meters' inflows with the meters' noise, the tanks' levels,
/// the pumps' run signals and the controlled links' open/shut ones. The draws are hashes of the seed, the day, the hour and the junction, so a field replays.
/// </summary>
public sealed class WaterField
{
    /// <summary>Seconds between two readings of the meters (a logger's usual 15 minutes).</summary>
    public const long Step = 900;

    private readonly WaterNetwork _network;
    private readonly WaterMeters _meters;
    private readonly string _city;
    private readonly TimeSpan _utcOffset;
    private readonly ulong _seed;
    private readonly LeakDataOptions _noise;
    private readonly double _meanInflow;
    private readonly string[] _deviceIds;
    private readonly IReadOnlyList<(string Id, string Type)> _links;
    private readonly Dictionary<WaterNetwork, Dictionary<string, int>> _linkIndex = new(ReferenceEqualityComparer.Instance);
    private HydraulicSimulation? _simulation;
    private WaterNetwork _running;
    private HydraulicStep? _last;
    private DateTimeOffset _midnight;
    private long _time;
    private (string Pipe, double Share, DateTimeOffset At)? _pending;
    private string? _splitPipe;

    public WaterField(WaterNetwork network, WaterMeters meters, string city, TimeSpan utcOffset, int seed, LeakDataOptions? noise = null)
    {
        _network = _running = network;
        _meters = meters;
        _city = city;
        _utcOffset = utcOffset;
        _seed = SeededRandom.Mix((ulong)(uint)seed ^ SeededRandom.Hash("water-field"));
        _noise = noise ?? new LeakDataOptions();
        var reference = new HydraulicSimulation(network);
        _meanInflow = Enumerable.Range(0, 96).Average(i => reference.NominalDemand(i * Step));
        _deviceIds = [.. meters.Readings.Select(r => EntityIds.Create(EntityTypes.Device, city, r.Device))];
        _links = WaterMeters.Links(network);
    }

    public WaterMeters Meters => _meters;

    /// <summary>The city time of the last step played; null before <see cref="Start"/>.</summary>
    public DateTimeOffset? Time => _simulation is null ? null : _midnight.AddSeconds(_time);

    /// <summary>The leak the field lets out now; null when none.</summary>
    public FieldLeak? Leak { get; private set; }

    /// <summary>The network's mean inflow over a day by its patterns (L/s): what a leak's share is of.</summary>
    public double MeanInflowLitresPerSecond => _meanInflow * 1e3;

    /// <summary>Starts the field at the step at or before <paramref name="at"/> from the file's tank levels (nothing read yet).</summary>
    public void Start(DateTimeOffset at)
    {
        var local = at.ToOffset(_utcOffset);
        _midnight = new DateTimeOffset(local.Date, _utcOffset);
        _time = (long)(local - _midnight).TotalSeconds / Step * Step;
        _running = _network;
        _splitPipe = null;
        _simulation = Simulation(_network);
        _last = _simulation.Begin(_time);
        Leak = null;
    }

    /// <summary>
    /// Opens a leak on <paramref name="pipe"/> (the network's own id) letting out <paramref name="share"/> of the network's
    /// mean inflow, from the first step at or after <paramref name="at"/>; replaces a leak not yet opened.
    /// </summary>
    /// <exception cref="ArgumentException">The pipe cannot leak here (unknown, closed, a check valve, or at a tank or reservoir), or the share is out of range.</exception>
    public void OpenLeak(string pipe, double share, DateTimeOffset at)
    {
        if (!(share > 0 && share <= 0.5)) throw new ArgumentException($"share: a leak's share of the mean inflow is above 0 and at most 0.5, not {share}", nameof(share));
        if (!LeakablePipes(_network).Contains(pipe))
            throw new ArgumentException($"pipe: '{pipe}' is not an open pipe between two junctions of network '{_meters.Network}'", nameof(pipe));
        if (Leak is not null) throw new InvalidOperationException($"a leak is already open on {Leak.Pipe} since {Leak.Start:O}; one leak at a time (mend it first)");
        _pending = (pipe, share, at);
    }

    /// <summary>Mends the open leak (or drops one not yet opened) from the next step; the leak mended, or null when there was none.</summary>
    public FieldLeak? MendLeak()
    {
        if (_pending is { } pending)
        {
            _pending = null;
            return new FieldLeak(pending.Pipe, pending.Share, pending.At, 0);
        }
        if (Leak is not { } leak) return null;
        _simulation!.SetEmitter(PipeSplit.JunctionOf(leak.Pipe), 0);
        Leak = null;
        return leak;
    }

    /// <summary>The pipes a leak can be opened on: open, not check valves, between two junctions.</summary>
    public static IReadOnlySet<string> LeakablePipes(WaterNetwork network)
    {
        var ends = network.Tanks.Select(t => t.Id).Concat(network.Reservoirs.Select(r => r.Id)).ToHashSet(StringComparer.Ordinal);
        return network.Pipes.Where(p => p.Status == LinkStatus.Open && !p.CheckValve && !ends.Contains(p.From) && !ends.Contains(p.To))
            .Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Plays every step after the last one up to <paramref name="cityTime"/>, each as the meters' readings (full
    /// device ids), oldest first. A solve that fails skips that step's readings (a real logger misses a reading too).
    /// </summary>
    public IEnumerable<(DateTimeOffset At, IReadOnlyList<Reading> Readings)> AdvanceTo(DateTimeOffset cityTime)
    {
        if (_simulation is null) throw new InvalidOperationException("Start the water field before advancing it");
        while (_midnight.AddSeconds(_time + Step) <= cityTime)
        {
            var at = _midnight.AddSeconds(_time + Step);
            if (_pending is { } leak && leak.At <= at) Open(leak.Pipe, leak.Share, at);
            _time += Step;
            try
            {
                _last = _simulation.Advance(Step);
            }
            catch (HydraulicSolveException)
            {
                continue;
            }
            yield return (at, Read(_last, at));
        }
    }

    private void Open(string pipe, double share, DateTimeOffset at)
    {
        _pending = null;
        // The leak's pipe becomes two halves meeting at a junction, the network started again there from the tanks' levels now.
        var levels = TankLevels(_last!);
        _running = PipeSplit.AtMidpoint(_network, pipe);
        _splitPipe = pipe;
        _simulation = Simulation(_running);
        var mid = PipeSplit.JunctionOf(pipe);
        int node = _running.Junctions.Count - 1;
        var probe = _simulation.Begin(_time, levels);
        double pressure = Math.Max(1, probe.Head[node] - _running.Junctions[node].Elevation);
        double flow = share * _meanInflow;
        _simulation.SetEmitter(mid, flow / Math.Pow(pressure, _running.Options.EmitterExponent));
        Leak = new FieldLeak(pipe, share, at, Math.Round(flow * 1e3, 3));
    }

    private Dictionary<string, double> TankLevels(HydraulicStep step)
    {
        var levels = new Dictionary<string, double>(StringComparer.Ordinal);
        int first = _running.Junctions.Count + _running.Reservoirs.Count;
        for (int t = 0; t < _running.Tanks.Count; t++) levels[_running.Tanks[t].Id] = step.Head[first + t] - _running.Tanks[t].Elevation;
        return levels;
    }

    private HydraulicSimulation Simulation(WaterNetwork net)
    {
        var simulation = new HydraulicSimulation(net);
        _linkIndex[net] = simulation.LinkIds.Select((id, k) => (id, k)).ToDictionary(x => x.id, x => x.k, StringComparer.Ordinal);
        int junctions = _network.Junctions.Count;
        simulation.DemandFactor = (t, j) => j >= junctions ? 1 : Math.Max(0, Wander(t, j));
        return simulation;
    }

    /// <summary>The day's city-wide factor times the junction's own for the day and for the hour.</summary>
    private double Wander(long t, int j)
    {
        long day = t / 86400, hour = t / 3600;
        // Days are counted from the start's midnight: the same city day gives the same draw after a leak restarts the run.
        long dayKey = day + _midnight.ToUnixTimeSeconds() / 86400, hourKey = hour + _midnight.ToUnixTimeSeconds() / 3600;
        return (1 + _noise.CityDayNoise * Gaussian(0xC17, dayKey, 0))
               * (1 + _noise.JunctionDayNoise * Gaussian(0xDA7, dayKey, j))
               * (1 + _noise.JunctionHourNoise * Gaussian(0x40E, hourKey, j));
    }

    private IReadOnlyList<Reading> Read(HydraulicStep step, DateTimeOffset at)
    {
        var readings = new List<Reading>(_deviceIds.Length);
        var stamp = Timestamp.FromDateTimeOffset(at);
        long key = at.ToUnixTimeSeconds();
        int d = 0;
        foreach (var logger in _meters.Loggers)
        {
            double pressure = step.Head[logger.Junction] - _running.Junctions[logger.Junction].Elevation + _noise.PressureNoise * Gaussian(0x109, key, d);
            readings.Add(Number(_deviceIds[d++], WaterMeters.Pressure, Math.Round(pressure, 3), UnitCodes.Metre, stamp));
        }
        var areas = new double[_meters.Partition.Areas.Count];
        int junctions = _network.Junctions.Count;
        for (int j = 0; j < _running.Junctions.Count; j++)
        {
            // The leak's junction is in its pipe's area, as the pipe is.
            int area = j < junctions ? _meters.Partition.AreaOfJunction[j] : _meters.Partition.AreaOfPipe(_network, _splitPipe!);
            areas[area] += step.Outflow[j];
        }
        foreach (var meter in _meters.AreaMeters)
        {
            double flow = areas[meter.Area] * (1 + _noise.FlowNoise * Gaussian(0xF10, key, d)) * 1e3;
            readings.Add(Number(_deviceIds[d++], WaterMeters.Flow, Math.Round(flow, 3), UnitCodes.LitrePerSecond, stamp));
        }
        int firstTank = _running.Junctions.Count + _running.Reservoirs.Count;
        foreach (var gauge in _meters.TankGauges)
            readings.Add(Number(_deviceIds[d++], WaterMeters.Level, Math.Round(step.Head[firstTank + gauge.Tank] - _running.Tanks[gauge.Tank].Elevation, 3), UnitCodes.Metre, stamp));
        // The links in the running network's order: a leak's pipe is two halves there, so find each by its id.
        foreach (var monitor in _meters.LinkMonitors)
        {
            int k = _linkIndex[_running].GetValueOrDefault(_links[monitor.Link].Id, -1);
            readings.Add(new Reading { EntityId = _deviceIds[d++], Attribute = WaterMeters.Open, Flag = k >= 0 && step.State[k] is LinkState.Open or LinkState.Active, ObservedAt = stamp });
        }
        return readings;
    }

    private static Reading Number(string device, string attribute, double value, string unit, Timestamp at) =>
        new() { EntityId = device, Attribute = attribute, Number = value, UnitCode = unit, ObservedAt = at };

    /// <summary>A standard normal draw from hashes of (purpose, a time key, an index): Box–Muller on two hashed uniforms.</summary>
    private double Gaussian(ulong purpose, long time, int index)
    {
        ulong h = SeededRandom.Mix(_seed ^ SeededRandom.Mix(purpose ^ SeededRandom.Mix((ulong)time ^ ((ulong)(uint)index << 32))));
        double u1 = ((h >> 11) + 1) * (1.0 / ((1UL << 53) + 1)), u2 = (SeededRandom.Mix(h) >> 11) * (1.0 / (1UL << 53));
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

/// <summary>What the water field plays: a network as the twin holds it and the meters on it.</summary>
public sealed record WaterFieldSetup(WaterNetwork Network, WaterMeters Meters);
