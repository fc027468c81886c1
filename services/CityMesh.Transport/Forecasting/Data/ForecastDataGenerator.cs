using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Transport.Forecasting.Data;

/// <summary>
/// Makes the forecasting data set: every road of the network carries a detector; each day is simulated on its own
/// (days in parallel, one thread each; a day starts empty at midnight, when demand is at its lowest) from the
/// day's demand (<see cref="DayDemand"/>) and incidents (<see cref="IncidentPlan"/>). Deterministic for a seed.
/// </summary>
public static class ForecastDataGenerator
{
    public static ForecastDataSet Generate(string roadnetPath, string flowPath, ForecastDataOptions options,
        IProgress<int>? daysDone = null, CancellationToken cancellationToken = default)
    {
        var network = CityFlowNetworkReader.Read(roadnetPath);
        return Generate(network, CityFlowFlowReader.Read(flowPath, network), options, daysDone, cancellationToken);
    }

    /// <param name="hour">One hour of trips (departures in [0, 3600)) replayed every hour of every day.</param>
    public static ForecastDataSet Generate(TrafficNetwork network, TrafficDemand hour, ForecastDataOptions options,
        IProgress<int>? daysDone = null, CancellationToken cancellationToken = default)
    {
        options = options.Validated();
        var roads = network.Edges.Select(e => e.Id).ToArray();
        int slots = ForecastDataSet.SlotsPerDay;
        var perDayFlow = new float[options.Days][];
        var perDaySpeed = new float[options.Days][];
        var incidents = new IReadOnlyList<IncidentLabel>[options.Days];
        var simulation = new DaySimulation(network, roads, options);
        int done = 0;
        Parallel.For(0, options.Days, new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        }, day =>
        {
            var weekend = options.FirstDay.AddDays(day).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            incidents[day] = IncidentPlan.Draw(network, options, day);
            perDayFlow[day] = new float[roads.Length * slots];
            perDaySpeed[day] = new float[roads.Length * slots];
            simulation.Run(day, DayDemand.Trips(hour, options, day, weekend), incidents[day], perDayFlow[day], perDaySpeed[day], cancellationToken);
            daysDone?.Report(Interlocked.Increment(ref done));
        });

        var flow = new float[roads.Length * options.Days * slots];
        var speed = new float[flow.Length];
        var set = new ForecastDataSet(options.FirstDay, options.Days, roads, flow, speed, incidents.SelectMany(i => i).ToArray());
        for (int r = 0; r < roads.Length; r++)
            for (int d = 0; d < options.Days; d++)
            {
                Array.Copy(perDayFlow[d], r * slots, flow, set.Index(r, d, 0), slots);
                Array.Copy(perDaySpeed[d], r * slots, speed, set.Index(r, d, 0), slots);
            }
        return set;
    }
}
