using CityMesh.Compute;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Cli.Bench;

/// <param name="GridNumber">Junctions per side of the netgenerate grid compared with SUMO.</param>
/// <param name="Period">randomTrips.py's --period: one trip every so many seconds.</param>
/// <param name="End">randomTrips.py's -e: the last departure, seconds.</param>
/// <param name="JinanDirectory">Holds roadnet_3_4.json and anon_3_4_jinan_real.json.</param>
public sealed record TrafficBenchmarkOptions(
    bool VsSumo, int GridNumber, double Period, double End, int Seed,
    bool Jinan, string JinanDirectory,
    bool Scale, int ScaleGrid, int ScaleTrips, double ScaleWindow);

/// <summary>
/// <c>citymesh bench traffic</c>: the engine beside a peer measured in the same run (these machines are shared and
/// noisy): SUMO on the very same files, CityFlow's published Jinan figures, and a generated grid at a million trips.
/// </summary>
public sealed partial class TrafficBenchmark(TrafficBenchmarkOptions options, TextWriter output)
{
    public async Task RunAsync(CancellationToken ct)
    {
        output.WriteLine($"citymesh bench traffic: {Environment.ProcessorCount} cores, .NET {Environment.Version}; compute: {ComputeSelector.FromEnvironment().Description}");
        output.WriteLine("CityMesh runs on the managed kernels (lanes in chunks under Parallel.For); speeds are measured after one warm-up run (JIT).");
        if (options.VsSumo) await RunVsSumoAsync(ct);
        if (options.Jinan) RunJinan(ct);
        if (options.Scale) RunScale(ct);
    }

    /// <summary>Runs to completion: once to warm the JIT, once measured.</summary>
    private static (TrafficResults Cold, TrafficResults Warm) RunTwice(TrafficNetwork network, TrafficDemand demand, TrafficSimulationOptions simOptions, CancellationToken ct)
    {
        var cold = new TrafficSimulation(network, demand, simOptions).Run(cancellationToken: ct);
        var warm = new TrafficSimulation(network, demand, simOptions).Run(cancellationToken: ct);
        return (cold, warm);
    }

    private static string Gap(double ours, double theirs) =>
        theirs == 0 || double.IsNaN(ours) ? "n/a" : $"{100 * (ours - theirs) / theirs:+0.0;-0.0;0.0} %";
}
