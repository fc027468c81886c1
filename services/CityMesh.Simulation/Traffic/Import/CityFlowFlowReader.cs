using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// Reads a CityFlow flow JSON (an array of flows) against a network read by <see cref="CityFlowNetworkReader"/>.
/// A flow sends one vehicle at startTime, startTime + interval, ... up to endTime inclusive, named flow_i_k as
/// CityFlow names them. Vehicle parameters map to SUMO's names: usualPosAcc → accel, usualNegAcc → decel,
/// maxNegAcc → emergencyDecel, headwayTime → tau; sigma and speedDev are 0 because CityFlow's drivers are
/// deterministic. Identical parameter sets share one type. Gaps between listed roads are filled with fastest paths.
/// </summary>
public static class CityFlowFlowReader
{
    public static TrafficDemand Read(string path, TrafficNetwork network)
    {
        using var document = JsonField.Parse(path);
        var root = new JsonField(path, "", document.RootElement);
        var routes = new RouteResolver(network);
        var types = new List<VehicleType>();
        var typeIndex = new Dictionary<VehicleType, int>();
        var trips = new List<Trip>();
        foreach (var (flow, i) in root.Items().Select((f, i) => (f, i)))
        {
            var type = VehicleTypeOf(flow.Property("vehicle"));
            if (!typeIndex.TryGetValue(type, out var typeId))
            {
                typeIndex[type] = typeId = types.Count;
                types.Add(type with { Id = $"cityflow_{types.Count}" });
            }
            var route = Route(flow.Property("route"), routes);
            var k = 0;
            foreach (var depart in Departures(flow)) trips.Add(new Trip($"flow_{i}_{k++}", typeId, depart, route));
        }
        return new TrafficDemand(types, [.. trips.OrderBy(t => t.Depart)]);
    }

    /// <summary>The parameters with an empty id, so equal parameter sets compare equal.</summary>
    private static VehicleType VehicleTypeOf(JsonField vehicle) => new("")
    {
        Length = Positive(vehicle, "length"),
        MinGap = vehicle.Number("minGap") is var gap and >= 0 ? gap : throw vehicle.Property("minGap").Error("must not be negative"),
        MaxSpeed = Positive(vehicle, "maxSpeed"),
        Accel = Positive(vehicle, "usualPosAcc"),
        Decel = Positive(vehicle, "usualNegAcc"),
        EmergencyDecel = Positive(vehicle, "maxNegAcc"),
        Tau = Positive(vehicle, "headwayTime"),
        Sigma = 0,
        SpeedFactor = 1,
        SpeedDev = 0,
    };

    private static double Positive(JsonField vehicle, string property) =>
        vehicle.Number(property) is var value and > 0 ? value : throw vehicle.Property(property).Error("must be positive");

    private static int[] Route(JsonField field, RouteResolver routes)
    {
        var roads = field.Items().Select(road => routes.Edge(road.String(), road.Error)).ToList();
        if (roads.Count == 0) throw field.Error("is empty");
        return routes.Through(roads, field.Error);
    }

    private static IEnumerable<double> Departures(JsonField flow)
    {
        var start = flow.Number("startTime");
        var end = flow.Number("endTime");
        var interval = flow.Number("interval");
        if (start < 0) throw flow.Property("startTime").Error("must not be negative");
        if (end < 0) throw flow.Property("endTime").Error("is negative: endless flows are not supported");
        if (interval <= 0) throw flow.Property("interval").Error("must be positive");
        for (var k = 0; start + k * interval <= end; k++) yield return start + k * interval;
    }
}
