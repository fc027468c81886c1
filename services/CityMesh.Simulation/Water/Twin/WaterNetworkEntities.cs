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
    public static IReadOnlyList<WaterEntity> Describe(WaterNetwork net, string network, Func<double, double, Position>? place,
        Leaks.DistrictPartition? areas = null)
    {
        if (network.Length == 0 || !network.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            throw new ArgumentException($"a water network's id is lower-case letters and digits, not '{network}'", nameof(network));
        var entities = new List<WaterEntity>(net.NodeCount + net.LinkCount + 1);
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
        entities.Add(new WaterEntity(EntityTypes.WaterNetwork, network, middle, new Dictionary<string, WaterProperty>
        {
            ["name"] = WaterProperty.Of(net.Title.Length > 0 ? net.Title.Split('\n')[0].Trim() : network),
            ["options"] = WaterProperty.Structure(net.Options),
            ["times"] = WaterProperty.Structure(net.Times),
            ["patterns"] = WaterProperty.Structure(net.Patterns.Values.ToDictionary(p => p.Id, p => p.Multipliers)),
            ["controls"] = WaterProperty.Structure(net.Controls),
        }, new Dictionary<string, (string, string)>()));

        for (int index = 0; index < net.Junctions.Count; index++)
        {
            var j = net.Junctions[index];
            var p = new Dictionary<string, WaterProperty>
            {
                ["elevation"] = WaterProperty.Of(j.Elevation, UnitCodes.Metre),
                ["baseDemand"] = WaterProperty.Of(j.Demands.Sum(d => d.Base) / LitresPerSecond, UnitCodes.LitrePerSecond),
                ["demands"] = WaterProperty.Structure(j.Demands.Select(d => new { baseDemand = d.Base / LitresPerSecond, d.Pattern, d.Category })),
            };
            if (j.EmitterCoefficient > 0) p["emitterCoefficient"] = WaterProperty.Of(j.EmitterCoefficient / LitresPerSecond);
            if (areas is not null) p[WaterMeters.AreaAttribute] = WaterProperty.Of(areas.Areas[areas.AreaOfJunction[index]].Name);
            entities.Add(new WaterEntity(EntityTypes.Junction, Local(j.Id), Point(j.Id), p, owner));
        }
        foreach (var r in net.Reservoirs)
        {
            var p = new Dictionary<string, WaterProperty> { ["reservoirHead"] = WaterProperty.Of(r.Head, UnitCodes.Metre) };
            if (r.Pattern is not null) p["headPattern"] = WaterProperty.Of(r.Pattern);
            entities.Add(new WaterEntity(EntityTypes.Reservoir, Local(r.Id), Point(r.Id), p, owner));
        }
        foreach (var t in net.Tanks)
        {
            var p = new Dictionary<string, WaterProperty>
            {
                ["elevation"] = WaterProperty.Of(t.Elevation, UnitCodes.Metre),
                ["initLevel"] = WaterProperty.Of(t.InitialLevel, UnitCodes.Metre),
                ["minLevel"] = WaterProperty.Of(t.MinLevel, UnitCodes.Metre),
                ["maxLevel"] = WaterProperty.Of(t.MaxLevel, UnitCodes.Metre),
                ["nominalDiameter"] = WaterProperty.Of(t.Diameter, UnitCodes.Metre),
                ["minVolume"] = WaterProperty.Of(t.MinVolume, UnitCodes.CubicMetre),
                ["overflow"] = WaterProperty.Of(t.CanOverflow ? "YES" : "NO"),
            };
            if (t.VolumeCurve is { } c) p["volumeCurve"] = WaterProperty.Structure(Points(c, 1, 1, "level", "volume"));
            entities.Add(new WaterEntity(EntityTypes.Tank, Local(t.Id), Point(t.Id), p, owner));
        }
        foreach (var pipe in net.Pipes)
            entities.Add(new WaterEntity(EntityTypes.Pipe, Local(pipe.Id), Line(pipe.Id, pipe.From, pipe.To), new Dictionary<string, WaterProperty>
            {
                ["length"] = WaterProperty.Of(pipe.Length, UnitCodes.Metre),
                ["diameter"] = WaterProperty.Of(pipe.Diameter * 1e3, UnitCodes.Millimetre),
                ["roughness"] = WaterProperty.Of(pipe.Roughness),
                ["minorLoss"] = WaterProperty.Of(pipe.MinorLoss),
                ["initialStatus"] = WaterProperty.Of(pipe.CheckValve ? "CV" : pipe.Status == LinkStatus.Closed ? "CLOSED" : "OPEN"),
            }, Ends(pipe.From, pipe.To)));
        foreach (var pump in net.Pumps)
        {
            var p = new Dictionary<string, WaterProperty>
            {
                ["speed"] = WaterProperty.Of(pump.Speed),
                ["initialStatus"] = WaterProperty.Of(pump.Status == LinkStatus.Closed ? "CLOSED" : "OPEN"),
            };
            if (pump.HeadCurve is { } c) p["headCurve"] = WaterProperty.Structure(Points(c, LitresPerSecond, 1, "flow", "head"));
            else p["power"] = WaterProperty.Of(pump.Power, UnitCodes.Watt);
            if (pump.SpeedPattern is not null) p["speedPattern"] = WaterProperty.Of(pump.SpeedPattern);
            entities.Add(new WaterEntity(EntityTypes.Pump, Local(pump.Id), Line(pump.Id, pump.From, pump.To), p, Ends(pump.From, pump.To)));
        }
        foreach (var valve in net.Valves)
        {
            var p = new Dictionary<string, WaterProperty>
            {
                ["valveType"] = WaterProperty.Of(valve.Type.ToString().ToUpperInvariant()),
                ["diameter"] = WaterProperty.Of(valve.Diameter * 1e3, UnitCodes.Millimetre),
                ["minorLoss"] = WaterProperty.Of(valve.MinorLoss),
                ["initialStatus"] = WaterProperty.Of(valve.Status switch { LinkStatus.Open => "OPEN", LinkStatus.Closed => "CLOSED", _ => "ACTIVE" }),
            };
            if (valve.HeadLossCurve is { } c) p["headLossCurve"] = WaterProperty.Structure(Points(c, LitresPerSecond, 1, "flow", "headLoss"));
            else p["setting"] = valve.Type == ValveType.Fcv
                ? WaterProperty.Of(valve.Setting / LitresPerSecond, UnitCodes.LitrePerSecond)
                : valve.Type == ValveType.Tcv ? WaterProperty.Of(valve.Setting) : WaterProperty.Of(valve.Setting, UnitCodes.Metre);
            entities.Add(new WaterEntity(EntityTypes.Valve, Local(valve.Id), Line(valve.Id, valve.From, valve.To), p, Ends(valve.From, valve.To)));
        }
        return entities;
    }

    private static List<Dictionary<string, double>> Points(WaterCurve c, double xUnit, double yUnit, string x, string y) =>
        [.. Enumerable.Range(0, c.X.Count).Select(i => new Dictionary<string, double> { [x] = c.X[i] / xUnit, [y] = c.Y[i] / yUnit })];
}
