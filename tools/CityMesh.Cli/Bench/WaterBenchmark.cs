using System.Diagnostics;
using CityMesh.Simulation.Water;
using CityMesh.Simulation.Water.Epanet;
using CityMesh.Simulation.Water.Hydraulics;
using CityMesh.Simulation.Water.Inp;
using CityMesh.Simulation.Water.Synthetic;

namespace CityMesh.Cli.Bench;

/// <param name="Files">EPANET files to run (EPANET's example networks by default).</param>
/// <param name="GridSides">Generated street-grid networks, junctions a side.</param>
/// <param name="Runs">Timed runs per network and side: the best is reported (the machines are shared).</param>
public sealed record WaterBenchmarkOptions(IReadOnlyList<string> Files, IReadOnlyList<int> GridSides, int Runs = 5);

/// <summary>
/// <c>citymesh bench water</c>: the extended-period hydraulics against EPANET 2.2 (epanet-js, WebAssembly, in Node)
/// on the same files in the same run: the whole run's wall time (the solver built from the parsed network, every
/// moment solved; the file's parsing left out on both sides), per moment solved, and our iterations per moment;
/// beside it, the worst head difference from EPANET, so speed is never read without the agreement.
/// </summary>
public sealed class WaterBenchmark(WaterBenchmarkOptions options, TextWriter output)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var peer = EpanetJs.Find();
        output.WriteLine($"citymesh bench water: {Environment.ProcessorCount} cores, .NET {Environment.Version}; best of {options.Runs} runs a side; " +
                         "EPANET timed inside Node around openH…closeH, CityMesh around building the solver and Run");
        output.WriteLine($"{"network",-22}{"nodes",8}{"links",8}{"moments",9}{"trials/m",10}{"CityMesh ms",13}{"EPANET ms",11}{"ratio",8}{"µs/moment",11}{"worst Δh mm",13}");
        var directory = Directory.CreateTempSubdirectory("citymesh-bench-water-").FullName;
        int disagreements = 0;
        try
        {
            foreach (var file in options.Files)
                if (!await Measure(Path.GetFileName(file), file, InpReader.Read(file), peer, ct)) disagreements++;
            foreach (int side in options.GridSides)
            {
                var network = new GridWaterNetwork(side).Build();
                var path = Path.Combine(directory, $"grid{side}.inp");
                InpWriter.Write(network, path);
                if (!await Measure($"grid {side}×{side}", path, InpReader.Read(path), peer, ct)) disagreements++;
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
        output.WriteLine("ratio: EPANET's time over CityMesh's (above 1: CityMesh faster). worst Δh: the largest head difference from EPANET at any node and moment.");
        if (disagreements > 0) output.WriteLine($"{disagreements} network(s) disagreed with EPANET beyond 0.01 m or 0.5 %");
        return disagreements == 0 ? 0 : 1;
    }

    private async Task<bool> Measure(string name, string path, WaterNetwork network, EpanetJs peer, CancellationToken ct)
    {
        var theirs = await peer.RunAsync(path, repeat: options.Runs, ct: ct);
        // One untimed run warms the JIT; its results are the ones compared.
        var simulation = new HydraulicSimulation(network);
        var results = simulation.Run();
        var comparison = PeerComparison.Of(results, theirs);
        double best = double.PositiveInfinity;
        long moments = 0, trials = 0;
        for (int r = 0; r < options.Runs; r++)
        {
            ct.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            var timed = new HydraulicSimulation(network);
            timed.Run(keepSteps: false);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            (moments, trials) = (timed.Moments, timed.Trials);
        }
        output.WriteLine($"{name,-22}{network.NodeCount,8:N0}{network.LinkCount,8:N0}{moments,9}{(double)trials / moments,10:0.0}{best,13:0.00}{theirs.RunMilliseconds,11:0.00}" +
                         $"{theirs.RunMilliseconds / best,8:0.00}{best * 1000 / moments,11:0}{comparison.WorstHead * 1000,13:0.000}{(comparison.Agrees ? "" : "  DISAGREES")}");
        return comparison.Agrees;
    }
}
