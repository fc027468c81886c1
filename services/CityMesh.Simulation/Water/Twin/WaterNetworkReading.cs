using CityMesh.Simulation.Twin;
using System.Text.Json;
using CityMesh.Contracts.Twin;

namespace CityMesh.Simulation.Water.Twin;

/// <summary>An element of a water network in the twin that cannot be read: the message names the entity and the attribute.</summary>
public sealed class WaterEntityException(string entity, string attribute, string problem)
    : Exception($"{entity}: {attribute} {problem}");

/// <summary>
/// The twin's entities of one water network back into a <see cref="WaterNetwork"/> (what
/// <see cref="WaterNetworkEntities.Describe"/> wrote, or any writer using its names), so the hydraulics run on what the
/// twin holds. Node positions become coordinates in metres east and north of the first node placed (for maps; the
/// hydraulics do not use them). Anything missing or of the wrong kind is refused naming the entity and attribute.
/// </summary>
public static class WaterNetworkReading
{
    private const double LitresPerSecond = 1e-3;

    public static WaterNetwork Read(IEnumerable<TwinElement> entities, string network)
    {
        var mine = entities.Where(e => e.Type == EntityTypes.WaterNetwork ? e.LocalId == network : e.LocalId.StartsWith(network + "-", StringComparison.Ordinal)).ToList();
        var head = mine.FirstOrDefault(e => e.Type == EntityTypes.WaterNetwork)
            ?? throw new WaterEntityException($"WaterNetwork '{network}'", "entity", "is not in the twin");
        string Id(TwinElement e) => EntityIds.NetworkIdOf(e.LocalId[(network.Length + 1)..]);
        string End(TwinElement e, string name) => e.Relationships.TryGetValue(name, out var target) && target.LocalId.StartsWith(network + "-", StringComparison.Ordinal)
            ? EntityIds.NetworkIdOf(target.LocalId[(network.Length + 1)..])
            : throw new WaterEntityException(Name(e), name, $"is missing or points outside network '{network}'");

        var patterns = Get<Dictionary<string, double[]>>(head, "patterns");
        var junctions = new List<WaterJunction>();
        var reservoirs = new List<WaterReservoir>();
        var tanks = new List<WaterTank>();
        var pipes = new List<WaterPipe>();
        var pumps = new List<WaterPump>();
        var valves = new List<WaterValve>();
        var coordinates = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        Contracts.Geo.LocalTangentPlane? plane = null;
        foreach (var e in mine)
        {
            if (e.Location is Contracts.Geo.Point { Coordinates: var p } && e.Type is EntityTypes.Junction or EntityTypes.Reservoir or EntityTypes.Tank)
            {
                plane ??= new Contracts.Geo.LocalTangentPlane(p.Latitude, p.Longitude);
                coordinates[Id(e)] = plane.ToLocal(p);
            }
            switch (e.Type)
            {
                case EntityTypes.Junction:
                    var demands = e.Properties.ContainsKey("demands")
                        ? Get<List<DemandJson>>(e, "demands").Select(d => new WaterDemand(d.BaseDemand * LitresPerSecond, d.Pattern, d.Category)).ToList()
                        : [new WaterDemand(Number(e, "baseDemand") * LitresPerSecond, null)];
                    junctions.Add(new WaterJunction(Id(e), Number(e, "elevation"), demands, (OptionalNumber(e, "emitterCoefficient") ?? 0) * LitresPerSecond));
                    break;
                case EntityTypes.Reservoir:
                    reservoirs.Add(new WaterReservoir(Id(e), Number(e, "reservoirHead"), OptionalText(e, "headPattern")));
                    break;
                case EntityTypes.Tank:
                    tanks.Add(new WaterTank(Id(e), Number(e, "elevation"), Number(e, "initLevel"), Number(e, "minLevel"), Number(e, "maxLevel"),
                        Number(e, "nominalDiameter"), OptionalNumber(e, "minVolume") ?? 0,
                        e.Properties.ContainsKey("volumeCurve") ? Curve(e, "volumeCurve", "level", "volume", 1, 1) : null,
                        OptionalText(e, "overflow") == "YES"));
                    break;
                case EntityTypes.Pipe:
                    var status = OptionalText(e, "initialStatus") ?? "OPEN";
                    pipes.Add(new WaterPipe(Id(e), End(e, "startsAt"), End(e, "endsAt"), Number(e, "length"), Number(e, "diameter") / 1e3,
                        Number(e, "roughness"), OptionalNumber(e, "minorLoss") ?? 0, status == "CLOSED" || ClosedNow(e) ? LinkStatus.Closed : LinkStatus.Open, status == "CV"));
                    break;
                case EntityTypes.Pump:
                    pumps.Add(new WaterPump(Id(e), End(e, "startsAt"), End(e, "endsAt"),
                        e.Properties.ContainsKey("headCurve") ? Curve(e, "headCurve", "flow", "head", LitresPerSecond, 1) : null,
                        OptionalNumber(e, "power") ?? 0, OptionalNumber(e, "speed") ?? 1, OptionalText(e, "speedPattern"),
                        OptionalText(e, "initialStatus") == "CLOSED" ? LinkStatus.Closed : LinkStatus.Open));
                    break;
                case EntityTypes.Valve:
                    var type = Enum.TryParse<ValveType>(OptionalText(e, "valveType"), ignoreCase: true, out var t)
                        ? t : throw new WaterEntityException(Name(e), "valveType", "is missing or not PRV, PSV, PBV, FCV, TCV or GPV");
                    var setting = type == ValveType.Gpv ? 0 : Number(e, "setting") * (type == ValveType.Fcv ? LitresPerSecond : 1);
                    var fixedStatus = ClosedNow(e) ? LinkStatus.Closed
                        : OptionalText(e, "initialStatus") switch { "OPEN" => LinkStatus.Open, "CLOSED" => (LinkStatus?)LinkStatus.Closed, _ => null };
                    valves.Add(new WaterValve(Id(e), End(e, "startsAt"), End(e, "endsAt"), Number(e, "diameter") / 1e3, type, setting,
                        OptionalNumber(e, "minorLoss") ?? 0, fixedStatus,
                        type == ValveType.Gpv ? Curve(e, "headLossCurve", "flow", "headLoss", LitresPerSecond, 1) : null));
                    break;
            }
        }
        return new WaterNetwork
        {
            Title = OptionalText(head, "name") ?? network,
            Junctions = junctions,
            Reservoirs = reservoirs,
            Tanks = tanks,
            Pipes = pipes,
            Pumps = pumps,
            Valves = valves,
            Patterns = patterns.ToDictionary(p => p.Key, p => new WaterPattern(p.Key, p.Value)),
            Controls = Get<List<WaterControl>>(head, "controls"),
            Options = Get<WaterOptions>(head, "options"),
            Times = Get<WaterTimes>(head, "times"),
            Coordinates = coordinates,
        };
    }

    private sealed record DemandJson(double BaseDemand, string? Pattern, string? Category);

    private static string Name(TwinElement e) => $"{e.Type} '{e.LocalId}'";

    private static double Number(TwinElement e, string name) =>
        OptionalNumber(e, name) ?? throw new WaterEntityException(Name(e), name, "is missing");

    private static double? OptionalNumber(TwinElement e, string name) =>
        !e.Properties.TryGetValue(name, out var p) ? null
        : p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble()
        : throw new WaterEntityException(Name(e), name, $"is {p.Value.ValueKind}, not a number");

    /// <summary>
    /// A link closed in the city now (<c>status</c> "closed": a crew shut its valves, as governance's approved isolation
    /// writes it), whatever the file's <c>initialStatus</c> says; "open" or none leaves the initial status.
    /// </summary>
    private static bool ClosedNow(TwinElement e) => string.Equals(OptionalText(e, "status"), "closed", StringComparison.OrdinalIgnoreCase);

    private static string? OptionalText(TwinElement e, string name) =>
        e.Properties.TryGetValue(name, out var p) && p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;

    private static T Get<T>(TwinElement e, string name)
    {
        if (!e.Properties.TryGetValue(name, out var p)) throw new WaterEntityException(Name(e), name, "is missing");
        try
        {
            return p.As<T>();
        }
        catch (JsonException ex)
        {
            throw new WaterEntityException(Name(e), name, $"cannot be read: {ex.Message}");
        }
    }

    private static WaterCurve Curve(TwinElement e, string name, string x, string y, double xUnit, double yUnit)
    {
        var points = Get<List<Dictionary<string, double>>>(e, name);
        if (points.Count == 0 || points.Any(p => !p.ContainsKey(x) || !p.ContainsKey(y)))
            throw new WaterEntityException(Name(e), name, $"must be a list of {{{x}, {y}}} points");
        return new WaterCurve($"{e.LocalId}.{name}", [.. points.Select(p => p[x] * xUnit)], [.. points.Select(p => p[y] * yUnit)]);
    }
}
