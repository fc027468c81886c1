using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Health;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Client;

namespace CityMesh.Sensors;

/// <summary>
/// The sensors the simulator speaks for, read from the twin itself through its read API (not from the seeding code),
/// so it feeds any city the twin holds. Static attributes the model needs fall back to typical values when an entity
/// lacks them.
/// </summary>
/// <param name="Roads">The road network vehicles drive (ambulance crews), built once per roster.</param>
public sealed record TelemetrySimulatorRoster(
    IReadOnlyList<TrafficDetector> Detectors,
    IReadOnlyList<AirQualityStation> AirQualityStations,
    IReadOnlyList<SubstationFeed> Substations,
    IReadOnlyList<SolarArray> SolarArrays,
    IReadOnlyList<WaterMainMeter> WaterMains,
    IReadOnlyList<FloodGaugeSensor> FloodGauges,
    IReadOnlyList<SignalController> Signals,
    IReadOnlyList<HospitalSite> Hospitals,
    IReadOnlyList<WardSensor> Wards,
    IReadOnlyList<AmbulanceUnit> Ambulances,
    RoadGraph Roads)
{
    /// <summary>Air-quality stations feel the traffic within this distance.</summary>
    public const double AirShedRadius = 600;

    public static readonly IReadOnlyList<string> Types =
    [
        EntityTypes.TrafficFlowObserved, EntityTypes.RoadSegment, EntityTypes.Intersection, EntityTypes.AirQualityObserved,
        EntityTypes.Substation, EntityTypes.PVSystem, EntityTypes.WaterMain, EntityTypes.FloodGauge, EntityTypes.TrafficSignal,
        EntityTypes.Hospital, EntityTypes.HospitalWard, EntityTypes.Vehicle, EntityTypes.AmbulanceStation, EntityTypes.WeatherObserved,
        EntityTypes.BusbarSection, EntityTypes.EVChargingStation,
    ];

    /// <summary>Rain gauges: the city's WeatherObserved stations, reporting <c>precipitation</c>, mm/h.</summary>
    public IReadOnlyList<string> RainGauges { get; init; } = [];

    /// <summary>The grid's metered secondary substations (buses with a planned peak), whose <c>load</c> the simulator reads.</summary>
    public IReadOnlyList<BusMeter> BusMeters { get; init; } = [];

    /// <summary>Chargers for electric vehicles, reporting the <c>power</c> they draw.</summary>
    public IReadOnlyList<EvCharger> Chargers { get; init; } = [];

    public int SensorCount =>
        Detectors.Count + AirQualityStations.Count + Substations.Count + SolarArrays.Count + WaterMains.Count + FloodGauges.Count + Signals.Count + Hospitals.Count + Wards.Count + Ambulances.Count
        + RainGauges.Count + BusMeters.Count + Chargers.Count;

    /// <summary>The roster of the entities the twin read API returned (NGSI-LD normalized), of any of <see cref="Types"/>.</summary>
    public static TelemetrySimulatorRoster From(IEnumerable<JsonElement> entities)
    {
        var byType = entities.Select(e => new NgsiEntity(e)).ToLookup(e => e.Type, StringComparer.Ordinal);
        var roads = byType[EntityTypes.RoadSegment].ToDictionary(e => e.Id, StringComparer.Ordinal);
        var hubs = byType[EntityTypes.Intersection].Where(e => e.Flag("signalised")).Select(e => e.Location?.Anchor).OfType<Position>().ToList();
        if (hubs.Count == 0) hubs = roads.Values.Select(r => r.Location?.Anchor).OfType<Position>().ToList();
        Position? centre = hubs.Count == 0 ? null : new Position(hubs.Average(p => p.Longitude), hubs.Average(p => p.Latitude));

        var detectors = byType[EntityTypes.TrafficFlowObserved].Select(d =>
        {
            NgsiEntity? road = d.ObjectOrNull("refRoadSegment") is { } r && roads.TryGetValue(r, out var found) ? found : null;
            var lanes = (int)Math.Max(1, road?.NumberOrNull("totalLaneNumber") ?? d.NumberOrNull("laneCount") ?? 2);
            var freeSpeed = road?.NumberOrNull("maxSpeed") ?? 50;
            var roadId = road?.Id;
            return new TrafficDetector(d.Id, d.Location?.Anchor, lanes, freeSpeed, Inbound(road?.Location, centre), roadId?[(roadId.LastIndexOf(':') + 1)..]);
        }).OrderBy(d => d.Id, StringComparer.Ordinal).ToArray();

        var stations = byType[EntityTypes.AirQualityObserved].Select(a =>
        {
            var site = a.Location?.Anchor;
            var near = site is not { } s
                ? []
                : detectors.Select((d, i) => (Index: i, Distance: d.Location is { } l ? GeoMath.HaversineMetres(s, l) : double.PositiveInfinity))
                    .Where(x => x.Distance <= AirShedRadius)
                    .Select(x => new AirShedRoad(x.Index, 1 / (50 + x.Distance)))
                    .ToArray();
            return new AirQualityStation(a.Id, near);
        }).OrderBy(a => a.Id, StringComparer.Ordinal).ToArray();

        var solar = byType[EntityTypes.PVSystem].Select(p => new SolarArray(
            p.Id,
            p.NumberOrNull("capacity") ?? 50,
            p.Location?.Anchor,
            p.ObjectOrNull("refSubstation"))).OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();
        var substations = byType[EntityTypes.Substation].Select(s => new SubstationFeed(
            s.Id,
            s.NumberOrNull("capacity") ?? 20_000,
            [.. solar.Select((p, i) => (p, i)).Where(x => x.p.SubstationId == s.Id).Select(x => x.i)])).OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();

        var mains = byType[EntityTypes.WaterMain].Select(w => new WaterMainMeter(w.Id, w.NumberOrNull("diameter") ?? 300))
            .OrderBy(w => w.Id, StringComparer.Ordinal).ToArray();
        var gauges = byType[EntityTypes.FloodGauge].Select(g => new FloodGaugeSensor(g.Id, g.NumberOrNull("alertLevel") ?? 1.5))
            .OrderBy(g => g.Id, StringComparer.Ordinal).ToArray();
        var signals = byType[EntityTypes.TrafficSignal].Select(s => new SignalController(s.Id, PhaseDurations(s)))
            .Where(s => s.PhaseDurations.Count > 0 && s.PhaseDurations.Sum() > 0).OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
        var wards = byType[EntityTypes.HospitalWard].Select(w => new WardSensor(
            w.Id,
            w.ObjectOrNull("refHospital"),
            BedTypes.IsKnown(w.TextOrNull("bedType")) ? w.TextOrNull("bedType")! : BedTypes.General,
            (int)Math.Max(1, w.NumberOrNull("bedCapacity") ?? 30))).OrderBy(w => w.Id, StringComparer.Ordinal).ToArray();
        var hospitals = byType[EntityTypes.Hospital].Select(h => new HospitalSite(
            h.Id,
            (int)Math.Max(1, h.NumberOrNull("bedCapacity") ?? 500),
            h.Flag("emergencyDepartment"),
            (int)Math.Max(1, h.NumberOrNull("edCubicles") ?? 20),
            [.. wards.Select((w, i) => (w, i)).Where(x => x.w.HospitalId == h.Id).Select(x => x.i)])).OrderBy(h => h.Id, StringComparer.Ordinal).ToArray();
        // Ambulances with a place: their terminals report where they are; a station's place is where they return.
        var depots = byType[EntityTypes.AmbulanceStation].Where(s => s.Location?.Anchor is not null)
            .ToDictionary(s => s.Id, s => s.Location!.Anchor, StringComparer.Ordinal);
        var ambulances = byType[EntityTypes.Vehicle].Where(v => v.TextOrNull("vehicleType") == "ambulance" && v.Location?.Anchor is not null)
            .Select(v => new AmbulanceUnit(v.Id, v.Location!.Anchor,
                v.ObjectOrNull("refAmbulanceStation") is { } s && depots.TryGetValue(s, out var depot) ? depot : null))
            .OrderBy(a => a.Id, StringComparer.Ordinal).ToArray();
        var graph = RoadGraph.From(roads.Values, byType[EntityTypes.Intersection]);
        var (buses, chargers) = GridMeters(byType, solar, substations);
        return new TelemetrySimulatorRoster(detectors, stations, substations, solar, mains, gauges, signals, hospitals, wards, ambulances, graph)
        {
            RainGauges = [.. byType[EntityTypes.WeatherObserved].Select(w => w.Id).Order(StringComparer.Ordinal)],
            BusMeters = buses,
            Chargers = chargers,
        };
    }

    /// <summary>
    /// The grid's meters: each bus with a planned peak takes that share of its substation's load, with the PV arrays
    /// and chargers of the buildings it supplies (their <c>refBusbarSection</c>).
    /// </summary>
    private static (BusMeter[] Buses, EvCharger[] Chargers) GridMeters(ILookup<string, NgsiEntity> byType, SolarArray[] solar, SubstationFeed[] substations)
    {
        var pvBus = byType[EntityTypes.PVSystem].ToDictionary(p => p.Id, p => p.ObjectOrNull("refBusbarSection"), StringComparer.Ordinal);
        var chargers = byType[EntityTypes.EVChargingStation].Select(c => new EvCharger(c.Id, c.NumberOrNull("ratedPower") ?? 22,
            c.ObjectOrNull("refBusbarSection"), c.TextOrNull("chargingMode") == EvCharger.Deferred)).OrderBy(c => c.Id, StringComparer.Ordinal).ToArray();
        var known = substations.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var metered = byType[EntityTypes.BusbarSection]
            .Select(b => (Bus: b, Peak: b.NumberOrNull("peakDemand") ?? 0, Substation: b.ObjectOrNull("refSubstation")))
            .Where(b => b.Peak > 0 && b.Substation is { } s && known.Contains(s)).ToList();
        var total = metered.GroupBy(b => b.Substation!).ToDictionary(g => g.Key, g => g.Sum(b => b.Peak), StringComparer.Ordinal);
        var buses = metered.Select(b => new BusMeter(b.Bus.Id, b.Substation!, b.Bus.ObjectOrNull("refFeeder"), b.Peak / total[b.Substation!],
            [.. solar.Select((p, i) => (p, i)).Where(x => pvBus.GetValueOrDefault(x.p.Id) == b.Bus.Id).Select(x => x.i)],
            [.. chargers.Select((c, i) => (c, i)).Where(x => x.c.Bus == b.Bus.Id).Select(x => x.i)],
            b.Bus.TextOrNull("supplyStatus") == BusMeter.Shed)).OrderBy(b => b.Id, StringComparer.Ordinal).ToArray();
        return (buses, chargers);
    }

    /// <summary>True when the road runs towards the city centre: morning peaks load those, evening peaks the others.</summary>
    private static bool Inbound(Geometry? road, Position? centre)
    {
        if (road is not LineString { Coordinates.Length: >= 2 } line || centre is not { } c) return false;
        var start = line.Coordinates[0];
        var end = line.Coordinates[^1];
        return GeoMath.HaversineMetres(end, c) < GeoMath.HaversineMetres(start, c);
    }

    /// <summary>A signal's phases, <c>[{"duration": seconds, ...}, ...]</c>, in cycle order; phases without a positive duration are left out.</summary>
    private static IReadOnlyList<double> PhaseDurations(NgsiEntity signal)
    {
        if (signal.Value("phases") is not { ValueKind: JsonValueKind.Array } phases) return [];
        return [.. phases.EnumerateArray()
            .Select(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("duration", out var d) && d.TryGetDouble(out var s) ? s : 0)
            .Where(s => s > 0)];
    }
}

/// <param name="FreeSpeed">Speed limit, km/h: what traffic drives when the road is empty.</param>
/// <param name="Inbound">The road leads towards the centre.</param>
/// <param name="Road">The road's id in the city's road network (the RoadSegment id's last segment), when it has one.</param>
public sealed record TrafficDetector(string Id, Position? Location, int Lanes, double FreeSpeed, bool Inbound, string? Road = null);

/// <param name="Weight">Nearer roads weigh more (1 / (50 m + distance)).</param>
public sealed record AirShedRoad(int DetectorIndex, double Weight);

public sealed record AirQualityStation(string Id, IReadOnlyList<AirShedRoad> Roads);

/// <param name="Capacity">kW.</param>
/// <param name="SolarArrays">Indexes into the roster's solar arrays feeding this substation.</param>
public sealed record SubstationFeed(string Id, double Capacity, IReadOnlyList<int> SolarArrays);

/// <param name="Share">Its part of its substation's load (its planned peak over theirs).</param>
/// <param name="SolarArrays">Indexes into the roster's solar arrays behind it.</param>
/// <param name="Chargers">Indexes into the roster's chargers it supplies.</param>
/// <param name="IsShed">Governance shed it (<c>supplyStatus</c> shed): its meter reads nothing.</param>
/// <param name="Feeder">The feeder it is on, where the twin says.</param>
public sealed record BusMeter(string Id, string Substation, string? Feeder, double Share, IReadOnlyList<int> SolarArrays, IReadOnlyList<int> Chargers, bool IsShed)
{
    public const string Shed = "shed";
}

/// <param name="RatedKw">What it draws while charging.</param>
/// <param name="IsDeferred">Governance deferred its charging to the night (<c>chargingMode</c> deferred).</param>
public sealed record EvCharger(string Id, double RatedKw, string? Bus, bool IsDeferred)
{
    public const string Deferred = "deferred";
}

/// <param name="Capacity">Peak kW.</param>
public sealed record SolarArray(string Id, double Capacity, Position? Location, string? SubstationId);

/// <param name="Diameter">Millimetres.</param>
public sealed record WaterMainMeter(string Id, double Diameter);

/// <param name="AlertLevel">Metres.</param>
public sealed record FloodGaugeSensor(string Id, double AlertLevel);

/// <param name="Beds">Staffed beds in all.</param>
/// <param name="EdCubicles">Treatment places of the emergency department.</param>
/// <param name="Wards">Indexes into the roster's wards of this hospital.</param>
public sealed record HospitalSite(string Id, int Beds, bool EmergencyDepartment, int EdCubicles, IReadOnlyList<int> Wards);

/// <param name="BedType">One of <see cref="BedTypes"/>.</param>
public sealed record WardSensor(string Id, string? HospitalId, string BedType, int Beds);

/// <param name="PhaseDurations">Seconds, in cycle order.</param>
public sealed record SignalController(string Id, IReadOnlyList<double> PhaseDurations);
