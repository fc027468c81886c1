using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Sumo;

namespace CityMesh.Cli.Bench;

public sealed partial class TrafficBenchmark
{
    /// <summary>
    /// SUMO and CityMesh on a city's own files (--net, --routes, --additional), compared on SUMO's definitions: a
    /// trip's duration runs from insertion to arrival, its depart delay from the time it was due to insertion, and
    /// the trip time is both. CityMesh's travel time is the trip time, so each side is shown in all three.
    /// </summary>
    private async Task RunFilesVsSumoAsync(CancellationToken ct)
    {
        var sumo = SumoInstallation.Find();
        var directory = Path.Combine(Path.GetTempPath(), $"citymesh-bench-files-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var (net, routes, additional) = (options.Net!, options.Routes!, options.Additional);
            output.WriteLine();
            output.WriteLine($"vs SUMO on {Path.GetFileName(net)} + {Path.GetFileName(routes)}" +
                             (additional.Count > 0 ? $" + {string.Join(", ", additional.Select(Path.GetFileName))}" : "") + $", seed {options.Seed}");
            // A configuration's end, step length, time-to-teleport and seed run both sides alike.
            var configuration = options.Configuration;
            var seed = configuration?.Seed ?? options.Seed;
            var theirs = await SumoRunner.RunAsync(sumo, net, routes, new SumoRunOptions(Seed: seed, StepLength: configuration?.StepLength ?? 1,
                End: configuration?.End, Additional: additional, OutputDirectory: directory, TimeToTeleport: configuration?.TimeToTeleport), ct);

            var network = SumoNetworkReader.Read(net, additional: additional);
            var demand = SumoRoutesReader.Read(routes, network, seed, additional: additional);
            var ours = Simulation(network, demand, new TrafficSimulationOptions
            {
                Seed = (ulong)seed, StepLength = configuration?.StepLength ?? 1, EndTime = configuration?.End,
                TimeToTeleport = configuration?.TimeToTeleport ?? new TrafficSimulationOptions().TimeToTeleport,
            }).Run(cancellationToken: ct).Summary;

            output.WriteLine($"{"",-34}{"SUMO " + theirs.Version,16}{"CityMesh",16}{"gap",12}");
            Row("vehicles", $"{theirs.Inserted + theirs.Waiting:N0}", $"{ours.TripsTotal:N0}", "");
            TripRows(theirs, ours, Row);
            Row("simulation wall time, s", $"{theirs.SimulationTime.TotalSeconds:0.00}", $"{ours.WallTimeSeconds:0.00}",
                $"×{theirs.SimulationTime.TotalSeconds / ours.WallTimeSeconds:0.0}");
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }
}
