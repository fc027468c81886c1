using CityMesh.Limits;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// Reads a CityFlow flow JSON (an array of flows) against a network read by <see cref="CityFlowNetworkReader"/>.
/// A flow sends one vehicle at startTime, startTime + interval, ... up to endTime inclusive, named flow_i_k as
/// CityFlow names them. Vehicle parameters map to SUMO's names: usualPosAcc → accel, usualNegAcc → decel,
/// maxNegAcc → emergencyDecel, headwayTime → tau; sigma and speedDev are 0 because CityFlow's drivers are
/// deterministic. Identical parameter sets share one type. Gaps between listed roads are filled with fastest paths.
/// Every flow's vehicles are counted against <see cref="InputLimits.VehiclesPerSimulation"/> before it expands.
/// </summary>
public static class CityFlowFlowReader
{
    /// <param name="limits">Bounds on the file's size and the vehicles it may ask for; the defaults when null.</param>
    public static TrafficDemand Read(string path, TrafficNetwork network, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        using var document = JsonField.Parse(path, limits);
        var root = new JsonField(path, "", document.RootElement);
        var routes = new RouteResolver(network);
        var types = new List<VehicleType>();
        var typeIndex = new Dictionary<VehicleType, int>();
        var trips = new List<Trip>();
        var budget = new VehicleBudget(limits);
        foreach (var (flow, i) in root.Items().Select((f, i) => (f, i)))
        {
            var (start, end, interval, count) = Schedule(flow);
            if (budget.Add(count, many: true) is { } problem) throw flow.Error(problem);
            var type = VehicleTypeOf(flow.Property("vehicle"));
            if (!typeIndex.TryGetValue(type, out var typeId))
            {
                typeIndex[type] = typeId = types.Count;
                types.Add(type with { Id = $"cityflow_{types.Count}" });
            }
            var route = Route(flow.Property("route"), routes);
            // CityFlow's own test, start + k·interval ≤ end, decides the last vehicle; the count only bounds it.
            for (var k = 0; k <= (long)count && start + k * interval <= end; k++)
                trips.Add(new Trip($"flow_{i}_{k}", typeId, start + k * interval, route));
        }
        return new TrafficDemand(types, [.. trips.OrderBy(t => t.Depart)]);
    }

    /// <summary>The parameters with an empty id, so equal parameter sets compare equal.</summary>
    private static VehicleType VehicleTypeOf(JsonField vehicle) => new("")
    {
        Length = vehicle.Number("length", ImportBounds.VehicleLength),
        MinGap = vehicle.Number("minGap", ImportBounds.MinGap),
        MaxSpeed = vehicle.Number("maxSpeed", ImportBounds.Speed),
        Accel = vehicle.Number("usualPosAcc", ImportBounds.Acceleration),
        Decel = vehicle.Number("usualNegAcc", ImportBounds.Acceleration),
        EmergencyDecel = vehicle.Number("maxNegAcc", ImportBounds.Acceleration),
        Tau = vehicle.Number("headwayTime", ImportBounds.Headway),
        Sigma = 0,
        SpeedFactor = 1,
        SpeedDev = 0,
    };

    private static int[] Route(JsonField field, RouteResolver routes)
    {
        var roads = field.Items().Select(road => routes.Edge(road.String(), road.Error)).ToList();
        if (roads.Count == 0) throw field.Error("is empty");
        return routes.Through(roads, VehicleClasses.Passenger, field.Error);
    }

    private static readonly Bound Interval = Bound.Above(0, ImportBounds.Year, "an interval", "s");

    /// <summary>
    /// When the flow starts, its interval and how many vehicles it sends: ⌊(endTime − startTime) / interval⌋ + 1,
    /// counted, not made, so a flow of a billion vehicles costs nothing to refuse.
    /// </summary>
    private static (double Start, double End, double Interval, double Count) Schedule(JsonField flow)
    {
        var start = flow.Number("startTime", ImportBounds.Time);
        var endField = flow.Property("endTime");
        if (endField.Number() < 0) throw endField.Error("is negative: endless flows are not supported");
        var end = endField.Number(ImportBounds.Time);
        var interval = flow.Number("interval", Interval);
        return (start, end, interval, end < start ? 0 : Math.Floor((end - start) / interval) + 1);
    }
}
