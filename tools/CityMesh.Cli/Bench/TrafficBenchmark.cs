using CityMesh.Compute;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Cli.Bench;

/// <param name="GridNumber">Junctions per side of the netgenerate grid compared with SUMO.</param>
/// <param name="Period">randomTrips.py's --period: one trip every so many seconds.</param>
/// <param name="End">randomTrips.py's -e: the last departure, seconds.</param>
/// <param name="JinanDirectory">Holds roadnet_3_4.json and anon_3_4_jinan_real.json.</param>
/// <param name="Net">A city's SUMO network to compare on (with <paramref name="Routes"/> and <paramref name="Additional"/>); null: none.</param>
public sealed record TrafficBenchmarkOptions(
    bool VsSumo, int GridNumber, double Period, double End, int Seed,
    bool Jinan, string JinanDirectory,
    bool Scale, int ScaleGrid, int ScaleTrips, double ScaleWindow,
    string? Net = null, string? Routes = null, IReadOnlyList<string>? AdditionalFiles = null,
    CityMesh.Simulation.Traffic.Import.SumoConfiguration? Configuration = null)
{
    public IReadOnlyList<string> Additional => AdditionalFiles ?? [];
}

/// <summary>
/// <c>citymesh bench traffic</c>: the engine beside a peer measured in the same run (these machines are shared and
/// noisy): SUMO on the very same files, CityFlow's published Jinan figures, and a generated grid at a million trips.
/// </summary>
public sealed partial class TrafficBenchmark(TrafficBenchmarkOptions options, TextWriter output)
{
    /// <summary>The backend CITYMESH_COMPUTE chooses (auto: a CUDA GPU, then an OpenCL GPU ILGPU can drive, else managed).</summary>
    private readonly ComputeSelection _compute = ComputeSelector.FromEnvironment();

    public async Task RunAsync(CancellationToken ct)
    {
        output.WriteLine($"citymesh bench traffic: {Environment.ProcessorCount} cores, .NET {Environment.Version}; compute (CITYMESH_COMPUTE): {_compute.Description}");
        output.WriteLine($"CityMesh speeds are the median of {MeasuredRuns} runs after {WarmUpRuns} warm-up runs (tiered JIT and PGO), beside the first, cold run.");
        if (options.Net is not null) await RunFilesVsSumoAsync(ct);
        if (options.VsSumo) await RunVsSumoAsync(ct);
        if (options.Jinan) RunJinan(ct);
        if (options.Scale) RunScale(ct);
    }

    private TrafficSimulation Simulation(TrafficNetwork network, TrafficDemand demand, TrafficSimulationOptions simOptions) =>
        TrafficBackends.CreateSimulation(network, demand, simOptions, _compute);

    private const int WarmUpRuns = 3, MeasuredRuns = 5;

    /// <summary>
    /// Runs to completion <see cref="WarmUpRuns"/> times so tiered JIT and dynamic PGO settle (the second run in a
    /// process is still partly instrumented code), then <see cref="MeasuredRuns"/> times; the speed is the median of
    /// the measured runs. Every run is the same pure function of its inputs, so all must agree on the outcome.
    /// </summary>
    private Measured Measure(TrafficNetwork network, TrafficDemand demand, TrafficSimulationOptions simOptions, CancellationToken ct)
    {
        var cold = Simulation(network, demand, simOptions).Run(cancellationToken: ct);
        for (int i = 1; i < WarmUpRuns; i++) Simulation(network, demand, simOptions).Run(cancellationToken: ct);
        var runs = new TrafficResults[MeasuredRuns];
        for (int i = 0; i < runs.Length; i++)
        {
            runs[i] = Simulation(network, demand, simOptions).Run(cancellationToken: ct);
            if (runs[i].Summary.MeanTravelTime != cold.Summary.MeanTravelTime || runs[i].Summary.Arrived != cold.Summary.Arrived)
                throw new InvalidOperationException("Two runs of the same inputs and seed disagree: the engine is not deterministic.");
        }
        var speeds = runs.Select(r => r.Summary.VehicleUpdatesPerSecond).Order().ToArray();
        return new Measured(cold, speeds[speeds.Length / 2], speeds[0], speeds[^1]);
    }

    /// <param name="Cold">The first run in the process, JIT included; its outputs are the run's outputs.</param>
    private sealed record Measured(TrafficResults Cold, double MedianSpeed, double MinSpeed, double MaxSpeed)
    {
        public SimulationSummary Summary => Cold.Summary;
    }

    private static string Gap(double ours, double theirs) =>
        theirs == 0 || double.IsNaN(ours) ? "n/a" : $"{100 * (ours - theirs) / theirs:+0.0;-0.0;0.0} %";
}
