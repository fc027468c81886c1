using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Client;

namespace CityMesh.Safety.Gauges;

/// <summary>A flood gauge as the twin holds it: its last water level against its alert and critical lines, m; the river it stands on (<c>refRiver</c>), if the twin says.</summary>
public sealed record GaugeState(string Id, string Name, Position? Location, double? Level, DateTimeOffset? ObservedAt, double AlertLevel, double CriticalLevel, string? Road,
    string? River = null);

/// <summary>
/// A river as the twin holds it: its course, upstream first (so its first point is where it enters the city's
/// ground), and the discharge at bankfull, m³/s, where the twin knows it.
/// </summary>
public sealed record RiverState(string Id, string Name, IReadOnlyList<Position> Course, double? BankfullDischarge);

/// <summary>An emergency shelter and how many people it takes.</summary>
public sealed record ShelterState(string Id, string Name, Position? Location, double Capacity);

/// <summary>A rain gauge (WeatherObserved) and its last rain intensity, mm/h.</summary>
public sealed record RainGaugeState(string Id, string Name, double? MillimetresPerHour, DateTimeOffset? ObservedAt);

/// <summary>A demountable flood barrier: its line, its height above the ground (m), and whether it is deployed.</summary>
public sealed record BarrierState(string Id, string Name, IReadOnlyList<Position> Line, double Height, bool Deployed);

/// <summary>A stormwater pump: where it draws from, its capacity (m³/s), and whether it is running.</summary>
public sealed record PumpState(string Id, string Name, Position? Location, double Capacity, bool Running);

/// <summary>What safety sees of the twin: the city's flood gauges and shelters, its rain gauges and its flood defences.</summary>
public sealed record SafetySnapshot(IReadOnlyDictionary<string, GaugeState> Gauges, IReadOnlyDictionary<string, ShelterState> Shelters)
{
    public static readonly IReadOnlyList<string> Types =
        [EntityTypes.FloodGauge, EntityTypes.Shelter, EntityTypes.WeatherObserved, EntityTypes.FloodBarrier, EntityTypes.DrainagePump, EntityTypes.River];

    /// <summary>The status values of a barrier in place and of a pump at work; any other status is not.</summary>
    public const string Deployed = "deployed", Running = "running";

    public IReadOnlyList<RainGaugeState> RainGauges { get; init; } = [];

    public IReadOnlyList<BarrierState> Barriers { get; init; } = [];

    public IReadOnlyList<PumpState> Pumps { get; init; } = [];

    public IReadOnlyDictionary<string, RiverState> Rivers { get; init; } = new Dictionary<string, RiverState>();

    /// <summary>The river <paramref name="gauge"/> stands on, when the twin links them and holds the river.</summary>
    public RiverState? RiverOf(string gauge) =>
        Gauges.TryGetValue(gauge, out var g) && g.River is { } id && Rivers.TryGetValue(id, out var river) ? river : null;

    public static readonly SafetySnapshot Empty = new(new Dictionary<string, GaugeState>(), new Dictionary<string, ShelterState>());

    /// <summary>The view of NGSI-LD normalized entities; other types are ignored. A gauge without an alert line gets none (it never alerts).</summary>
    public static SafetySnapshot From(IEnumerable<JsonElement> entities)
    {
        var gauges = new Dictionary<string, GaugeState>(StringComparer.Ordinal);
        var shelters = new Dictionary<string, ShelterState>(StringComparer.Ordinal);
        var rain = new List<RainGaugeState>();
        var barriers = new List<BarrierState>();
        var pumps = new List<PumpState>();
        var rivers = new Dictionary<string, RiverState>(StringComparer.Ordinal);
        foreach (var entity in entities.Select(e => new NgsiEntity(e)))
        {
            if (entity.Type == EntityTypes.FloodGauge)
            {
                var alert = entity.NumberOrNull("alertLevel") ?? double.PositiveInfinity;
                gauges[entity.Id] = new GaugeState(entity.Id, entity.TextOrNull("name") ?? entity.Id, entity.Location?.Anchor, entity.NumberOrNull(Level),
                    entity.ObservedAt(Level), alert, entity.NumberOrNull("criticalLevel") ?? alert, entity.ObjectOrNull("refRoadSegment"), entity.ObjectOrNull("refRiver"));
            }
            else if (entity.Type == EntityTypes.Shelter)
                shelters[entity.Id] = new ShelterState(entity.Id, entity.TextOrNull("name") ?? entity.Id, entity.Location?.Anchor, entity.NumberOrNull("capacity") ?? 0);
            else if (entity.Type == EntityTypes.WeatherObserved)
                rain.Add(new RainGaugeState(entity.Id, entity.TextOrNull("name") ?? entity.Id, entity.NumberOrNull(Precipitation), entity.ObservedAt(Precipitation)));
            else if (entity.Type == EntityTypes.FloodBarrier)
                barriers.Add(new BarrierState(entity.Id, entity.TextOrNull("name") ?? entity.Id, entity.Location is LineString line ? line.Coordinates : [],
                    entity.NumberOrNull("height") ?? 1, entity.TextOrNull("status") == Deployed));
            else if (entity.Type == EntityTypes.River)
                rivers[entity.Id] = new RiverState(entity.Id, entity.TextOrNull("name") ?? entity.Id, entity.Location is LineString course ? course.Coordinates : [],
                    entity.NumberOrNull("bankfullDischarge"));
            else if (entity.Type == EntityTypes.DrainagePump)
                pumps.Add(new PumpState(entity.Id, entity.TextOrNull("name") ?? entity.Id, entity.Location?.Anchor, entity.NumberOrNull("capacity") ?? 0,
                    entity.TextOrNull("status") == Running));
        }
        return new SafetySnapshot(gauges, shelters)
        {
            RainGauges = [.. rain.OrderBy(r => r.Id, StringComparer.Ordinal)],
            Barriers = [.. barriers.OrderBy(b => b.Id, StringComparer.Ordinal)],
            Pumps = [.. pumps.OrderBy(p => p.Id, StringComparer.Ordinal)],
            Rivers = rivers,
        };
    }

    /// <summary>The attribute a FloodGauge reports its water level in, m.</summary>
    public const string Level = "waterLevel";

    /// <summary>The attribute a rain gauge reports its rain intensity in, mm/h.</summary>
    public const string Precipitation = "precipitation";

    /// <summary>
    /// The rain falling now: the mean intensity of the rain gauges heard from within <paramref name="fresh"/> of
    /// <paramref name="now"/>, mm/h; null when none has been.
    /// </summary>
    public double? RainNow(DateTimeOffset now, TimeSpan fresh)
    {
        var heard = RainGauges.Where(r => r is { MillimetresPerHour: >= 0, ObservedAt: { } at } && now - at <= fresh).Select(r => r.MillimetresPerHour!.Value).ToList();
        return heard.Count == 0 ? null : heard.Average();
    }
}
