using CityMesh.Contracts.Energy;
using CityMesh.Contracts.Twin;
using CityMesh.Energy.Grid;
using CityMesh.Simulation.Energy.Anomalies;

namespace CityMesh.Energy.Meters;

/// <summary>Where the meter watch stands, for <c>GET /energy/meters</c>.</summary>
/// <param name="Status">"waiting for readings", "learning" (until it holds <see cref="MeterWatch.Learning"/> of readings) or "watching".</param>
/// <param name="HeldFrom">The first reading's time (the meters' clock).</param>
/// <param name="ScannedAt">The last scan's time (the meters' clock).</param>
public sealed record MeterWatchState(string Status, int Meters, DateTimeOffset? HeldFrom, DateTimeOffset? ScannedAt, IReadOnlyList<MeterAnomaly> Reported);

/// <summary>
/// Watches the grid's meters live: each solve hands it every bus meter's reading as the twin holds it (a meter that
/// stops reporting leaves its slots empty: a dropout), and once an hour of the meters' clock, when it holds two days of
/// readings, it scans the window with the detector <c>citymesh eval anomalies --detect energy-meter</c> scores
/// (<see cref="MeterAnomalyMonitor"/>) and returns each fault once. A bus governance shed reads nothing by design: its
/// faults are not reported while it is shed or within the window after. Not thread-safe: the live grid's loop is its
/// only caller; <see cref="State"/> may be read from anywhere.
/// </summary>
public sealed class MeterWatch(EnergyOptions options, string city)
{
    /// <summary>Readings held before the first scan: the detector learns each meter's day from them.</summary>
    public static readonly TimeSpan Learning = TimeSpan.FromDays(2);

    /// <summary>The most recent anomalies kept for the API.</summary>
    public const int Kept = 200;

    private readonly MeterAnomalyMonitor _monitor = new(options.MeterInterval, options.MeterWindow);
    private readonly Dictionary<string, DateTimeOffset> _shedAt = new(StringComparer.Ordinal);
    private readonly List<MeterAnomaly> _reported = [];
    private DateTimeOffset? _first, _scanned;
    private MeterWatchState _state = new("waiting for readings", 0, null, null, []);

    public MeterWatchState State => Volatile.Read(ref _state);

    /// <summary>Takes the readings of one solve; the anomalies found for the first time, when a scan is due.</summary>
    public IReadOnlyList<MeterAnomaly> Observe(LiveGridInput input)
    {
        var grid = input.Grid;
        var meters = 0;
        for (var b = 0; b < input.MeterReadAt.Count; b++)
        {
            if (input.MeterReadAt[b] is not { } at) continue;
            meters++;
            var id = EntityIds.Create(EntityTypes.BusbarSection, city, grid.Buses[b].Id);
            if (input.Shed[b]) _shedAt[id] = at;
            else _monitor.Add(id, at, input.LoadKw[b]);
        }
        if (input.ReadAt is not { } latest) return [];
        _first ??= latest;
        if (latest - _first < Learning)
        {
            Publish($"learning: {(latest - _first.Value).TotalHours:0.#} h of the {Learning.TotalHours:0} h of readings the detector needs", meters);
            return [];
        }
        if (_scanned is { } last && latest - last < TimeSpan.FromHours(1)) return [];
        _scanned = latest;
        var feederOf = grid.Buses.ToDictionary(b => EntityIds.Create(EntityTypes.BusbarSection, city, b.Id),
            b => b.Feeder is { } f ? EntityIds.Create(EntityTypes.Feeder, city, f) : null, StringComparer.Ordinal);
        var found = new List<MeterAnomaly>();
        foreach (var alert in _monitor.Scan())
        {
            if (_shedAt.TryGetValue(alert.SensorId, out var shed) && latest - shed < options.MeterWindow) continue;
            found.Add(new MeterAnomaly(alert.SensorId, alert.Kind ?? "anomaly", alert.Time, feederOf.GetValueOrDefault(alert.SensorId), latest));
        }
        _reported.AddRange(found);
        if (_reported.Count > Kept) _reported.RemoveRange(0, _reported.Count - Kept);
        Publish("watching", meters);
        return found;
    }

    private void Publish(string status, int meters) =>
        Volatile.Write(ref _state, new MeterWatchState(status, meters, _first, _scanned, [.. _reported]));
}
