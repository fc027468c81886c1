using System.Globalization;

namespace CityMesh.Simulation.Traffic.Sumo;

/// <summary>A grid network as SUMO's netgenerate builds it: Number × Number junctions, blocks of BlockLength metres.</summary>
/// <param name="JunctionType">netgenerate's --default-junction-type (unregulated, right_before_left, ...); null: its default, priority.</param>
public sealed record SumoGrid(int Number = 10, double BlockLength = 200, int Lanes = 2, bool TrafficLights = true, string? JunctionType = null);

/// <summary>randomTrips.py demand: one trip every Period seconds from 0 to End, routed by duarouter.</summary>
public sealed record SumoRandomDemand(double End = 3600, double Period = 0.3, int Seed = 42);

/// <summary>The files of a generated scenario.</summary>
public sealed record SumoScenarioFiles(string Directory, string Network, string Routes);

/// <summary>Builds comparison scenarios with SUMO's own tools, so both simulators read the very same files.</summary>
public static class SumoScenario
{
    public static async Task<SumoScenarioFiles> GenerateGridAsync(SumoInstallation sumo, string directory, SumoGrid grid, SumoRandomDemand demand,
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(grid.Number, 2, nameof(grid));
        ArgumentOutOfRangeException.ThrowIfLessThan(grid.Lanes, 1, nameof(grid));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(demand.Period, nameof(demand));
        Directory.CreateDirectory(directory);
        var network = Path.Combine(directory, "grid.net.xml");
        await SumoProcess.RunAsync(sumo, sumo.NetGenerate,
        [
            "--grid", "--grid.number", Invariant(grid.Number), "--grid.length", Invariant(grid.BlockLength),
            "--default.lanenumber", Invariant(grid.Lanes), "--tls.guess", grid.TrafficLights ? "true" : "false",
            // U-turns at every junction would let random trips turn back mid-block: neither simulator needs them.
            "--no-turnarounds", "true", "--seed", "42", "-o", network,
            .. grid.JunctionType is { } type ? ["--default-junction-type", type] : Array.Empty<string>(),
        ], directory, ct);
        return await WithRandomTripsAsync(sumo, directory, network, demand, ct);
    }

    /// <summary>
    /// netgenerate's default spider network (--spider, seed 42: single-lane roads, priority junctions, an unregulated
    /// centre) with randomTrips demand: the network on which SUMO's jams were first compared with CityMesh's.
    /// </summary>
    public static async Task<SumoScenarioFiles> GenerateSpiderAsync(SumoInstallation sumo, string directory, SumoRandomDemand demand,
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(demand.Period, nameof(demand));
        Directory.CreateDirectory(directory);
        var network = Path.Combine(directory, "spider.net.xml");
        await SumoProcess.RunAsync(sumo, sumo.NetGenerate, ["--spider", "--seed", "42", "-o", network], directory, ct);
        return await WithRandomTripsAsync(sumo, directory, network, demand, ct);
    }

    /// <summary>
    /// netgenerate's default random network (--rand, seed 42: single-lane roads, priority junctions of up to five legs
    /// where every link may be minor) with randomTrips demand: at 10,000 trips/h SUMO's jams there come from links
    /// that yield to one another in a cycle.
    /// </summary>
    public static async Task<SumoScenarioFiles> GenerateRandomAsync(SumoInstallation sumo, string directory, SumoRandomDemand demand,
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(demand.Period, nameof(demand));
        Directory.CreateDirectory(directory);
        var network = Path.Combine(directory, "random.net.xml");
        await SumoProcess.RunAsync(sumo, sumo.NetGenerate, ["--rand", "--seed", "42", "-o", network], directory, ct);
        return await WithRandomTripsAsync(sumo, directory, network, demand, ct);
    }

    /// <summary>randomTrips.py on the network, routed and checked by duarouter (--validate), into routes.rou.xml.</summary>
    private static async Task<SumoScenarioFiles> WithRandomTripsAsync(SumoInstallation sumo, string directory, string network, SumoRandomDemand demand,
        CancellationToken ct)
    {
        var trips = Path.Combine(directory, "trips.trips.xml");
        var routes = Path.Combine(directory, "routes.rou.xml");
        await SumoProcess.RunAsync(sumo, sumo.Python,
        [
            sumo.RandomTrips, "-n", network, "-b", "0", "-e", Invariant(demand.End), "--period", Invariant(demand.Period),
            "--seed", Invariant(demand.Seed), "-o", trips, "-r", routes, "--validate",
        ], directory, ct);
        return new SumoScenarioFiles(directory, network, routes);
    }

    internal static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
