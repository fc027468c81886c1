using CityMesh.Simulation.Air.Data;
using CityMesh.Simulation.Air.Field;
using CityMesh.Simulation.Air.Routing;

namespace CityMesh.Simulation.Air.Evaluation;

/// <summary>
/// Walks planned on the field the stations give (IDW with the road covariate; plain IDW's true saving beside it) and
/// judged on the data set's truth: exposure saved against the
/// shortest walk as the planner saw it, as the walker would have breathed it, and as a planner knowing the truth
/// would have saved (the most the stations' field could give), the detour, and how many walks the
/// cap limited. The bar: no planned walk more exposed than the shortest (on the planner's field) or longer than the
/// cap, and on the truth the walks save exposure on average.
/// </summary>
public sealed record RoutingEvaluationReport(
    int Walks, int Nodes, int Edges, double MeanSavedPlanned, double MeanSavedTrue, double MeanSavedTruePlainIdw, double MeanSavedOracle,
    double MeanDetour, int Capped, int Violations, double MaxDetour)
{
    public bool Passes => Violations == 0 && MeanSavedTrue > 0;
}

/// <summary>
/// School-run walks on a street grid over the data set's square (100 m blocks, street lengths 0–10 % over the straight
/// line so that equal routes do not tie): NO2 at 08:00 on held-out weekdays, between random points 1.5 to 4 km apart.
/// </summary>
public static class RoutingEvaluation
{
    public const double BlockMetres = 100;

    public static RoutingEvaluationReport Run(AirDataset data, int testDays, int walks, int seed, ExposureRoutingOptions? options = null)
    {
        var o = options ?? new ExposureRoutingOptions();
        var graph = Grid(data, seed);
        var router = new ExposureRouter(graph, o);
        var random = new Random(seed * 7919 + 23);
        var first = data.Options.Days - testDays;
        var mornings = Enumerable.Range(first, testDays).Select(d => d * 24 + 8)
            .Where(h => data.TimeAt(h).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToArray();
        if (mornings.Length == 0) throw new ArgumentException($"the last {testDays} days hold no weekday", nameof(testDays));
        var no2 = data.Values[AirDataset.No2];
        var roads = new RoadProximity(data.Roads, FieldEvaluation.RoadDecayMetres);
        double savedPlanned = 0, savedTrue = 0, savedPlain = 0, savedOracle = 0, detour = 0;
        int capped = 0, violations = 0;
        for (var w = 0; w < walks; w++)
        {
            var hour = mornings[random.Next(mornings.Length)];
            int from, to;
            do
            {
                (from, to) = (random.Next(graph.NodeCount), random.Next(graph.NodeCount));
            }
            while (Distance(graph, from, to) is < 1500 or > 4000);
            AirStationValue[] stations = [.. data.Stations.Select((s, i) => new AirStationValue(s.Id, s.Longitude, s.Latitude, no2[i][hour]))];
            var plan = router.Plan(from, to, router.EdgeConcentrations(new AirField(stations, covariate: roads)));
            var plain = router.Plan(from, to, router.EdgeConcentrations(new AirField(stations)));
            var truth = router.EdgeConcentrations(new TruthField(data, AirDataset.No2, hour));
            // Judge the planned walks on the truth: re-sum their edges' true exposure.
            var trueShortest = router.Rescore(plan.Shortest, truth).Exposure;
            savedPlanned += plan.ExposureSaved;
            savedTrue += 1 - router.Rescore(plan.LeastExposed, truth).Exposure / trueShortest;
            savedPlain += 1 - router.Rescore(plain.LeastExposed, truth).Exposure / trueShortest;
            savedOracle += router.Plan(from, to, truth).ExposureSaved;
            detour += plan.LeastExposed.LengthMetres / plan.Shortest.LengthMetres - 1;
            if (plan.DetourCapped) capped++;
            if (plan.LeastExposed.Exposure > plan.Shortest.Exposure * (1 + 1e-9)
                || (o.MaxDetour is { } cap && plan.LeastExposed.LengthMetres > cap * plan.Shortest.LengthMetres * (1 + 1e-9))) violations++;
        }
        return new RoutingEvaluationReport(walks, graph.NodeCount, graph.EdgeCount, savedPlanned / walks, savedTrue / walks, savedPlain / walks, savedOracle / walks, detour / walks, capped, violations, o.MaxDetour ?? double.PositiveInfinity);
    }

    private static double Distance(WalkGraph g, int a, int b) =>
        LocalMetres.Distance(new(g.Longitude[a], g.Latitude[a]), new(g.Longitude[b], g.Latitude[b]));

    private static WalkGraph Grid(AirDataset data, int seed)
    {
        var (sw, _) = data.Bounds;
        var metres = new LocalMetres(sw.Longitude, sw.Latitude);
        var side = (int)Math.Round(data.Options.WidthMetres / BlockMetres) + 1;
        var lon = new double[side * side];
        var lat = new double[side * side];
        for (var r = 0; r < side; r++)
            for (var c = 0; c < side; c++)
            {
                var p = metres.ToGeo(c * BlockMetres, r * BlockMetres);
                (lon[r * side + c], lat[r * side + c]) = (p.Longitude, p.Latitude);
            }
        var random = new Random(seed * 7919 + 29);
        var from = new List<int>();
        var to = new List<int>();
        var length = new List<double>();
        for (var r = 0; r < side; r++)
            for (var c = 0; c < side; c++)
            {
                var n = r * side + c;
                if (c + 1 < side) { from.Add(n); to.Add(n + 1); length.Add(BlockMetres * (1 + 0.1 * random.NextDouble())); }
                if (r + 1 < side) { from.Add(n); to.Add(n + side); length.Add(BlockMetres * (1 + 0.1 * random.NextDouble())); }
            }
        return WalkGraph.Build(null, lon, lat, [.. from], [.. to], [.. length]);
    }
}

/// <summary>The data set's truth at one hour as a field.</summary>
internal sealed class TruthField(AirDataset data, string pollutant, int hour) : IAirField
{
    public double ValueAt(double longitude, double latitude) => data.Truth(pollutant, longitude, latitude, hour);
}
