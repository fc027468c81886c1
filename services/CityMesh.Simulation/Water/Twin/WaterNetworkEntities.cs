using CityMesh.Simulation.Twin;
using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;

namespace CityMesh.Simulation.Water.Twin;

/// <summary>
/// A <see cref="WaterNetwork"/> as twin entities and back, one way for every writer and reader: FIWARE's Water
/// Distribution Management (EPANET) types and attribute names (<c>elevation</c>, <c>baseDemand</c>,
/// <c>reservoirHead</c>, <c>length</c>, <c>diameter</c>, <c>roughness</c>, <c>minorLoss</c>, <c>initialStatus</c>,
/// <c>startsAt</c>, <c>endsAt</c>, …), SI with UN/CEFACT codes (flows in L/s, exact; diameters in mm), every element
/// pointing to its <c>WaterNetwork</c>, which holds the patterns, controls, options and times. An element's local id
/// is the network's id, '-', and its own id (URN-escaped), so two networks in one city never collide.
/// </summary>
public static class WaterNetworkEntities
{
    private const double LitresPerSecond = 1e-3;

    /// <summary>The elements of <paramref name="net"/> as entities of network <paramref name="network"/> (lower-case letters and digits).</summary>
    /// <param name="place">Where a point of the network's own plane is on the Earth; null leaves nodes without a location.</param>
    /// <param name="areas">The utility's district metered areas: each junction then names its own (<c>districtMeteredArea</c>).</param>
    public static IReadOnlyList<TwinElement> Describe(WaterNetwork net, string network, Func<double, double, Position>? place,
        Leaks.DistrictPartition? areas = null)
    {
        if (network.Length == 0 || !network.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            throw new ArgumentException($"a water network's id is lower-case letters and digits, not '{network}'", nameof(network));
        var entities = new List<TwinElement>(net.NodeCount + net.LinkCount + 1);
        var at = new Dictionary<string, Position>(StringComparer.Ordinal);
        if (place is not null)
            foreach (var (id, (x, y)) in net.Coordinates) at[id] = place(x, y);
        Geometry? Point(string id) => at.TryGetValue(id, out var p) ? new Point(p) : null;
        Geometry? Line(string link, string from, string to)
        {
            if (!at.TryGetValue(from, out var a) || !at.TryGetValue(to, out var b)) return null;
            var inner = net.Vertices.TryGetValue(link, out var v) && place is not null ? v.Select(q => place(q.X, q.Y)) : [];
            return new LineString([a, .. inner, b]);
        }
        var owner = new Dictionary<string, (string, string)> { ["refWaterNetwork"] = (EntityTypes.WaterNetwork, network) };
        string Local(string id) => $"{network}-{EntityIds.LocalIdOf(id)}";
        var nodeType = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var j in net.Junctions) nodeType[j.Id] = EntityTypes.Junction;
        foreach (var r in net.Reservoirs) nodeType[r.Id] = EntityTypes.Reservoir;
        foreach (var t in net.Tanks) nodeType[t.Id] = EntityTypes.Tank;
        Dictionary<string, (string, string)> Ends(string from, string to) => new(owner)
        {
            ["startsAt"] = (nodeType[from], Local(from)),
            ["endsAt"] = (nodeType[to], Local(to)),
        };

        // The network's own place: the middle of its nodes, for maps and a geo-query that finds it.
        Geometry? middle = at.Count == 0 ? null
            : new Point(new Position(at.Values.Average(p => p.Longitude), at.Values.Average(p => p.Latitude)));
        entities.Add(new TwinElement(EntityTypes.WaterNetwork, network, middle, new Dictionary<string, ElementProperty>
        {
            ["name"] = ElementProperty.Of(net.Title.Length > 0 ? net.Title.Split('\n')[0].Trim() : network),
            ["options"] = ElementProperty.Structure(net.Options),
            ["times"] = ElementProperty.Structure(net.Times),
            ["patterns"] = ElementProperty.Structure(net.Patterns.Values.ToDictionary(p => p.Id, p => p.Multipliers)),
            ["controls"] = ElementProperty.Structure(net.Controls),
        }, new Dictionary<string, (string, string)>()));

        for (int index = 0; index < net.Junctions.Count; index++)
        {
            var j = net.Junctions[index];
            var p = new Dictionary<string, ElementProperty>
            {
                ["elevation"] = ElementProperty.Of(j.Elevation, UnitCodes.Metre),
                ["baseDemand"] = ElementProperty.Of(j.Demands.Sum(d => d.Base) / LitresPerSecond, UnitCodes.LitrePerSecond),
                ["demands"] = ElementProperty.Structure(j.Demands.Select(d => new { baseDemand = d.Base / LitresPerSecond, d.Pattern, d.Category })),
            };
            if (j.EmitterCoefficient > 0) p["emitterCoefficient"] = ElementProperty.Of(j.EmitterCoefficient / LitresPerSecond);
            if (areas is not null) p[WaterMeters.AreaAttribute] = ElementProperty.Of(areas.Areas[areas.AreaOfJunction[index]].Name);
            entities.Add(new TwinElement(EntityTypes.Junction, Local(j.Id), Point(j.Id), p, owner));
        }
        foreach (var r in net.Reservoirs)
        {
            var p = new Dictionary<string, ElementProperty> { ["reservoirHead"] = ElementProperty.Of(r.Head, UnitCodes.Metre) };
            if (r.Pattern is not null) p["headPattern"] = ElementProperty.Of(r.Pattern);
            entities.Add(new TwinElement(EntityTypes.Reservoir, Local(r.Id), Point(r.Id), p, owner));
        }
        foreach (var t in net.Tanks)
        {
            var p = new Dictionary<string, ElementProperty>
            {
                ["elevation"] = ElementProperty.Of(t.Elevation, UnitCodes.Metre),
                ["initLevel"] = ElementProperty.Of(t.InitialLevel, UnitCodes.Metre),
                ["minLevel"] = ElementProperty.Of(t.MinLevel, UnitCodes.Metre),
                ["maxLevel"] = ElementProperty.Of(t.MaxLevel, UnitCodes.Metre),
                ["nominalDiameter"] = ElementProperty.Of(t.Diameter, UnitCodes.Metre),
                ["minVolume"] = ElementProperty.Of(t.MinVolume, UnitCodes.CubicMetre),
                ["overflow"] = ElementProperty.Of(t.CanOverflow ? "YES" : "NO"),
            };
            if (t.VolumeCurve is { } c) p["volumeCurve"] = ElementProperty.Structure(Points(c, 1, 1, "level", "volume"));
            entities.Add(new TwinElement(EntityTypes.Tank, Local(t.Id), Point(t.Id), p, owner));
        }
        foreach (var pipe in net.Pipes)
            entities.Add(new TwinElement(EntityTypes.Pipe, Local(pipe.Id), Line(pipe.Id, pipe.From, pipe.To), new Dictionary<string, ElementProperty>
            {
                ["length"] = ElementProperty.Of(pipe.Length, UnitCodes.Metre),
                ["diameter"] = ElementProperty.Of(pipe.Diameter * 1e3, UnitCodes.Millimetre),
                ["roughness"] = ElementProperty.Of(pipe.Roughness),
                ["minorLoss"] = ElementProperty.Of(pipe.MinorLoss),
                ["initialStatus"] = ElementProperty.Of(pipe.CheckValve ? "CV" : pipe.Status == LinkStatus.Closed ? "CLOSED" : "OPEN"),
            }, Ends(pipe.From, pipe.To)));
        foreach (var pump in net.Pumps)
        {
            var p = new Dictionary<string, ElementProperty>
            {
                ["speed"] = ElementProperty.Of(pump.Speed),
                ["initialStatus"] = ElementProperty.Of(pump.Status == LinkStatus.Closed ? "CLOSED" : "OPEN"),
            };
            if (pump.HeadCurve is { } c) p["headCurve"] = ElementProperty.Structure(Points(c, LitresPerSecond, 1, "flow", "head"));
            else p["power"] = ElementProperty.Of(pump.Power, UnitCodes.Watt);
            if (pump.SpeedPattern is not null) p["speedPattern"] = ElementProperty.Of(pump.SpeedPattern);
            entities.Add(new TwinElement(EntityTypes.Pump, Local(pump.Id), Line(pump.Id, pump.From, pump.To), p, Ends(pump.From, pump.To)));
        }
        foreach (var valve in net.Valves)
        {
            var p = new Dictionary<string, ElementProperty>
            {
                ["valveType"] = ElementProperty.Of(valve.Type.ToString().ToUpperInvariant()),
                ["diameter"] = ElementProperty.Of(valve.Diameter * 1e3, UnitCodes.Millimetre),
                ["minorLoss"] = ElementProperty.Of(valve.MinorLoss),
                ["initialStatus"] = ElementProperty.Of(valve.Status switch { LinkStatus.Open => "OPEN", LinkStatus.Closed => "CLOSED", _ => "ACTIVE" }),
            };
            if (valve.HeadLossCurve is { } c) p["headLossCurve"] = ElementProperty.Structure(Points(c, LitresPerSecond, 1, "flow", "headLoss"));
            else p["setting"] = valve.Type == ValveType.Fcv
                ? ElementProperty.Of(valve.Setting / LitresPerSecond, UnitCodes.LitrePerSecond)
                : valve.Type == ValveType.Tcv ? ElementProperty.Of(valve.Setting) : ElementProperty.Of(valve.Setting, UnitCodes.Metre);
            entities.Add(new TwinElement(EntityTypes.Valve, Local(valve.Id), Line(valve.Id, valve.From, valve.To), p, Ends(valve.From, valve.To)));
        }
        return entities;
    }

    private static List<Dictionary<string, double>> Points(WaterCurve c, double xUnit, double yUnit, string x, string y) =>
        [.. Enumerable.Range(0, c.X.Count).Select(i => new Dictionary<string, double> { [x] = c.X[i] / xUnit, [y] = c.Y[i] / yUnit })];
}
