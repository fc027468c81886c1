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
            var theirs = await SumoRunner.RunAsync(sumo, net, routes, new SumoRunOptions(Seed: options.Seed, Additional: additional, OutputDirectory: directory), ct);

            var network = SumoNetworkReader.Read(net, additional: additional);
            var demand = SumoRoutesReader.Read(routes, network, options.Seed, additional: additional);
            var ours = Simulation(network, demand, new TrafficSimulationOptions { Seed = (ulong)options.Seed }).Run(cancellationToken: ct).Summary;

            var oursDuration = ours.MeanTravelTime - ours.MeanInsertionDelay;
            var theirsTrip = theirs.MeanTravelTime + theirs.MeanDepartDelay;
            output.WriteLine($"{"",-34}{"SUMO " + theirs.Version,16}{"CityMesh",16}{"gap",12}");
            FileRow("vehicles", $"{theirs.Inserted + theirs.Waiting:N0}", $"{ours.TripsTotal:N0}", "");
            FileRow("arrived", $"{theirs.Arrived:N0}", $"{ours.Arrived:N0}", $"{ours.Arrived - theirs.Arrived:+0;-0;0}");
            FileRow("duration (insertion→arrival), s", $"{theirs.MeanTravelTime:0.0}", $"{oursDuration:0.0}", Gap(oursDuration, theirs.MeanTravelTime));
            FileRow("depart delay, s", $"{theirs.MeanDepartDelay:0.0}", $"{ours.MeanInsertionDelay:0.0}", Gap(ours.MeanInsertionDelay, theirs.MeanDepartDelay));
            FileRow("trip time (due→arrival), s", $"{theirsTrip:0.0}", $"{ours.MeanTravelTime:0.0}", Gap(ours.MeanTravelTime, theirsTrip));
            FileRow("waiting time, s", $"{theirs.MeanWaitingTime:0.0}", $"{ours.MeanWaitingTime:0.0}", Gap(ours.MeanWaitingTime, theirs.MeanWaitingTime));
            FileRow("teleports", $"{theirs.Teleports:N0}", $"{ours.Teleports:N0}", "");
            FileRow("simulation wall time, s", $"{theirs.SimulationTime.TotalSeconds:0.00}", $"{ours.WallTimeSeconds:0.00}",
                $"×{theirs.SimulationTime.TotalSeconds / ours.WallTimeSeconds:0.0}");
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private void FileRow(string figure, string sumo, string ours, string gap) => output.WriteLine($"{figure,-34}{sumo,16}{ours,16}{gap,12}");
}
