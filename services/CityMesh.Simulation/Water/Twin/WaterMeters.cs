using CityMesh.Simulation.Twin;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Water.Leaks;

namespace CityMesh.Simulation.Water.Twin;

/// <summary>A pressure logger (its Device's local id) on a junction (index into the network's junctions).</summary>
public sealed record PressureLogger(string Device, int Junction);

/// <summary>A district metered area's inflow meter (its Device's local id) and the area (index into the partition's areas).</summary>
public sealed record AreaMeter(string Device, int Area);

/// <summary>A tank's level gauge (its Device's local id) and the tank (index into the network's tanks).</summary>
public sealed record TankGauge(string Device, int Tank);

/// <summary>
/// A link's open/shut signal from SCADA (its Device's local id) and the link (index into the network's links: pipes,
/// then pumps, then valves): every pump's run signal, every pipe or valve a control operates, and every pipe to a tank (shut when it is full or empty).
/// </summary>
public sealed record LinkMonitor(string Device, int Link);

/// <summary>
/// What a water utility measures on one network, as the twin holds it: FIWARE <c>Device</c> entities, each measuring
/// one <c>controlledProperty</c> — pressure loggers on junctions (<see cref="Pressure"/>, m), an inflow meter per
/// district metered area (<see cref="Flow"/>, L/s), a level gauge per tank (<see cref="Level"/>, m above its bottom)
/// and an open/shut signal (<see cref="Open"/>) per pump and per pipe or valve a control operates — and the areas themselves, each junction naming its own
/// (<see cref="AreaAttribute"/>). The simulated sensors read these to play the meters; safety's leak watch reads them
/// to know what the readings are of. One description for both, so they cannot disagree.
/// </summary>
public sealed record WaterMeters(
    string Network,
    IReadOnlyList<PressureLogger> Loggers,
    IReadOnlyList<AreaMeter> AreaMeters,
    IReadOnlyList<TankGauge> TankGauges,
    IReadOnlyList<LinkMonitor> LinkMonitors,
    DistrictPartition Partition)
{
    public const string AreaAttribute = "districtMeteredArea";
    public const string Pressure = "pressure";
    public const string Flow = "flow";
    public const string Level = "level";
    public const string Open = "open";

    /// <summary>Loggers and areas a seeded network gets: the labelled data sets' defaults, on which the detector's thresholds were set.</summary>
    public const int DefaultLoggers = 12;

    public const int DefaultAreas = 4;

    /// <summary>The meters a utility would put on <paramref name="net"/>: loggers spread over it, areas cut along its mains, every tank, pump and controlled link on SCADA.</summary>
    public static WaterMeters Plan(WaterNetwork net, string network, int loggers = DefaultLoggers, int areas = DefaultAreas)
    {
        var partition = DistrictAreas.Partition(net, areas);
        // A tank's inlet shuts when it is full and its outlet when empty (an altitude valve): SCADA sees those too.
        var tanks = net.Tanks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var tankLinks = net.Pipes.Where(p => tanks.Contains(p.From) || tanks.Contains(p.To)).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        return new WaterMeters(network,
            [.. PressureLoggers.Spread(net, loggers).Select(j => new PressureLogger($"{network}-logger-{EntityIds.LocalIdOf(net.Junctions[j].Id)}", j))],
            [.. partition.Areas.Select(a => new AreaMeter($"{network}-dma-{a.Index + 1}", a.Index))],
            [.. net.Tanks.Select((t, i) => new TankGauge($"{network}-level-{EntityIds.LocalIdOf(t.Id)}", i))],
            [.. Links(net).Select((l, i) => (l, i)).Where(x => x.l.Type == EntityTypes.Pump || net.Controls.Any(c => c.Link == x.l.Id) || tankLinks.Contains(x.l.Id))
                .Select(x => new LinkMonitor($"{network}-status-{EntityIds.LocalIdOf(x.l.Id)}", x.i))],
            partition);
    }

    /// <summary>The junctions the loggers are on, by index: the detector's sensors.</summary>
    public IReadOnlyList<int> LoggerJunctions => [.. Loggers.Select(l => l.Junction)];

    /// <summary>Every device's local id and the attribute it reports.</summary>
    public IEnumerable<(string Device, string Attribute)> Readings =>
        Loggers.Select(l => (l.Device, Pressure)).Concat(AreaMeters.Select(a => (a.Device, Flow)))
            .Concat(TankGauges.Select(t => (t.Device, Level))).Concat(LinkMonitors.Select(p => (p.Device, Open)));

    /// <summary>The network's links in the solver's order (pipes, pumps, valves), with their twin type.</summary>
    public static IReadOnlyList<(string Id, string Type)> Links(WaterNetwork net) =>
        [.. net.Pipes.Select(p => (p.Id, EntityTypes.Pipe)), .. net.Pumps.Select(p => (p.Id, EntityTypes.Pump)), .. net.Valves.Select(v => (v.Id, EntityTypes.Valve))];

    private static string Relation(string type) => type switch
    {
        EntityTypes.Pump => "refPump",
        EntityTypes.Valve => "refValve",
        _ => "refPipe",
    };

    /// <summary>The meters as twin entities (the junctions' areas go with the junctions: <see cref="WaterNetworkEntities.Describe"/>).</summary>
    public IReadOnlyList<TwinElement> Describe(WaterNetwork net, Func<double, double, Position>? place)
    {
        var owner = (EntityTypes.WaterNetwork, Network);
        string Local(string id) => $"{Network}-{EntityIds.LocalIdOf(id)}";
        Geometry? At(string node) => place is not null && net.Coordinates.TryGetValue(node, out var xy) ? new Point(place(xy.X, xy.Y)) : null;
        TwinElement Device(string id, string measures, string name, Geometry? location, (string, string)? target, string? relation, ElementProperty? area = null)
        {
            var properties = new Dictionary<string, ElementProperty>
            {
                ["name"] = ElementProperty.Of(name),
                ["controlledProperty"] = ElementProperty.Structure(new[] { measures }),
                ["deviceCategory"] = ElementProperty.Structure(new[] { measures == Flow ? "meter" : "sensor" }),
            };
            if (area is not null) properties[AreaAttribute] = area;
            var relationships = new Dictionary<string, (string, string)> { ["refWaterNetwork"] = owner };
            if (target is { } t) relationships[relation!] = t;
            return new TwinElement(EntityTypes.Device, id, location, properties, relationships);
        }
        var devices = new List<TwinElement>();
        foreach (var l in Loggers)
        {
            var j = net.Junctions[l.Junction].Id;
            devices.Add(Device(l.Device, Pressure, $"Pressure logger at junction {j}", At(j), (EntityTypes.Junction, Local(j)), "refJunction"));
        }
        foreach (var m in AreaMeters)
        {
            var area = Partition.Areas[m.Area];
            // The area's inflow meter drawn at its centre's junction: its inlets are many pipes, the area is one place on a map.
            var centre = area.Junctions.Count == 0 ? null : At(net.Junctions[area.Junctions[area.Junctions.Count / 2]].Id);
            devices.Add(Device(m.Device, Flow, $"Inflow meter of {area.Name}", centre, null, null, ElementProperty.Of(area.Name)));
        }
        foreach (var g in TankGauges)
        {
            var t = net.Tanks[g.Tank].Id;
            devices.Add(Device(g.Device, Level, $"Level gauge of tank {t}", At(t), (EntityTypes.Tank, Local(t)), "refTank"));
        }
        var links = Links(net);
        foreach (var m in LinkMonitors)
        {
            var (id, type) = links[m.Link];
            var from = net.Pipes.FirstOrDefault(p => p.Id == id)?.From ?? net.Pumps.FirstOrDefault(p => p.Id == id)?.From ?? net.Valves.First(v => v.Id == id).From;
            devices.Add(Device(m.Device, Open, type == EntityTypes.Pump ? $"Run signal of pump {id}" : $"Open/shut signal of {type.ToLowerInvariant()} {id}",
                At(from), (type, Local(id)), Relation(type)));
        }
        return devices;
    }

    /// <summary>
    /// The meters of network <paramref name="network"/> among the twin's <paramref name="elements"/> (its junctions and
    /// its Devices, as <see cref="NgsiElements.From"/> reads them), on <paramref name="net"/> as read from the same
    /// elements. Null when it has no area meters or no loggers: nothing to watch leaks with.
    /// </summary>
    /// <exception cref="WaterEntityException">A meter or junction that names what the network does not hold.</exception>
    public static WaterMeters? Read(WaterNetwork net, string network, IEnumerable<TwinElement> elements)
    {
        var prefix = network + "-";
        var list = elements as IReadOnlyCollection<TwinElement> ?? [.. elements];
        var devices = list.Where(e => e.Type == EntityTypes.Device && e.Relationships.TryGetValue("refWaterNetwork", out var n) && n.LocalId == network)
            .OrderBy(e => e.LocalId, StringComparer.Ordinal).ToList();
        var areaMeters = devices.Where(d => Measures(d) == Flow).ToList();
        var loggersRead = devices.Where(d => Measures(d) == Pressure).ToList();
        if (areaMeters.Count == 0 || loggersRead.Count == 0) return null;

        var names = new List<string>();
        foreach (var m in areaMeters)
        {
            var name = Text(m, AreaAttribute) ?? throw new WaterEntityException(m.LocalId, AreaAttribute, "an inflow meter names the district metered area it meters");
            if (names.Contains(name)) throw new WaterEntityException(m.LocalId, AreaAttribute, $"'{name}' has two inflow meters");
            names.Add(name);
        }
        var junctionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < net.Junctions.Count; j++) junctionIndex[net.Junctions[j].Id] = j;
        var areaOf = Enumerable.Repeat(-1, net.Junctions.Count).ToArray();
        foreach (var e in list.Where(e => e.Type == EntityTypes.Junction && e.LocalId.StartsWith(prefix, StringComparison.Ordinal)))
        {
            if (!junctionIndex.TryGetValue(EntityIds.NetworkIdOf(e.LocalId[prefix.Length..]), out int j)) continue;
            var name = Text(e, AreaAttribute) ?? throw new WaterEntityException(e.LocalId, AreaAttribute, "every junction of a metered network names its district metered area");
            areaOf[j] = names.IndexOf(name) is >= 0 and var k ? k : throw new WaterEntityException(e.LocalId, AreaAttribute, $"'{name}' has no inflow meter");
        }
        if (Array.IndexOf(areaOf, -1) is >= 0 and var missing)
            throw new WaterEntityException($"{prefix}{EntityIds.LocalIdOf(net.Junctions[missing].Id)}", AreaAttribute, "every junction of a metered network names its district metered area");
        var partition = DistrictAreas.FromAssignment(net, areaOf, names);

        int Target(TwinElement d, string relation, string type, Func<string, int> index)
        {
            if (!d.Relationships.TryGetValue(relation, out var t) || t.Type != type || !t.LocalId.StartsWith(prefix, StringComparison.Ordinal))
                throw new WaterEntityException(d.LocalId, relation, $"names no {type} of network '{network}'");
            return index(EntityIds.NetworkIdOf(t.LocalId[prefix.Length..])) is >= 0 and var i ? i
                : throw new WaterEntityException(d.LocalId, relation, $"names {t.LocalId}, which the network does not hold");
        }
        // In the network's order, as planned: junctions, tanks, links by index.
        var loggers = loggersRead.Select(d => new PressureLogger(d.LocalId, Target(d, "refJunction", EntityTypes.Junction, id => junctionIndex.GetValueOrDefault(id, -1))))
            .OrderBy(l => l.Junction).ToArray();
        var tanks = devices.Where(d => Measures(d) == Level)
            .Select(d => new TankGauge(d.LocalId, Target(d, "refTank", EntityTypes.Tank, id => net.Tanks.ToList().FindIndex(t => t.Id == id)))).OrderBy(g => g.Tank).ToArray();
        var links = Links(net);
        var monitors = devices.Where(d => Measures(d) == Open).Select(d =>
        {
            var relation = new[] { EntityTypes.Pump, EntityTypes.Pipe, EntityTypes.Valve }.Select(Relation).FirstOrDefault(d.Relationships.ContainsKey) ?? "refPump";
            var type = relation switch { "refPipe" => EntityTypes.Pipe, "refValve" => EntityTypes.Valve, _ => EntityTypes.Pump };
            return new LinkMonitor(d.LocalId, Target(d, relation, type, id => links.ToList().FindIndex(l => l.Id == id && l.Type == type)));
        }).OrderBy(m => m.Link).ToArray();
        return new WaterMeters(network, loggers, [.. areaMeters.Select((m, k) => new AreaMeter(m.LocalId, k))], tanks, monitors, partition);
    }

    private static string? Measures(TwinElement device) =>
        device.Properties.TryGetValue("controlledProperty", out var p)
            ? p.Value.ValueKind switch
            {
                System.Text.Json.JsonValueKind.Array when p.Value.GetArrayLength() > 0 => p.Value[0].GetString(),
                System.Text.Json.JsonValueKind.String => p.Value.GetString(),
                _ => null,
            }
            : null;

    private static string? Text(TwinElement e, string attribute) =>
        e.Properties.TryGetValue(attribute, out var p) && p.Value.ValueKind == System.Text.Json.JsonValueKind.String ? p.Value.GetString() : null;
}
