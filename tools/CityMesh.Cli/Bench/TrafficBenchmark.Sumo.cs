using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Sumo;

namespace CityMesh.Cli.Bench;

public sealed partial class TrafficBenchmark
{
    /// <summary>netgenerate + randomTrips.py in a temp directory, then sumo and CityMesh on the same files.</summary>
    private async Task RunVsSumoAsync(CancellationToken ct)
    {
        var sumo = SumoInstallation.Find();
        var directory = Path.Combine(Path.GetTempPath(), $"citymesh-bench-traffic-{Guid.NewGuid():N}");
        try
        {
            var grid = new SumoGrid(options.GridNumber);
            var demandSpec = new SumoRandomDemand(options.End, options.Period, options.Seed);
            output.WriteLine();
            output.WriteLine($"vs SUMO: netgenerate {grid.Number}×{grid.Number} grid, {grid.BlockLength:0} m blocks, {grid.Lanes} lanes, guessed signals; " +
                             $"randomTrips.py period {demandSpec.Period} s to {demandSpec.End:0} s, seed {demandSpec.Seed}");
            var files = await SumoScenario.GenerateGridAsync(sumo, directory, grid, demandSpec, ct);
            var theirs = await SumoRunner.RunAsync(sumo, files.Network, files.Routes, new SumoRunOptions(Seed: options.Seed), ct);

            var network = SumoNetworkReader.Read(files.Network);
            var demand = SumoRoutesReader.Read(files.Routes, network, options.Seed);
            var measured = Measure(network, demand, new TrafficSimulationOptions { Seed = (ulong)options.Seed }, ct);
            var ours = measured.Summary;

            output.WriteLine($"{"",-34}{"SUMO " + theirs.Version,16}{"CityMesh",16}{"gap",12}");
            double sumoSpeed = theirs.VehicleUpdatesPerSecond;
            Row("vehicle-updates/s", $"{sumoSpeed:N0}", $"{measured.MedianSpeed:N0}", $"×{measured.MedianSpeed / sumoSpeed:0.0}");
            Row($"  (slowest of {MeasuredRuns})", "", $"{measured.MinSpeed:N0}", $"×{measured.MinSpeed / sumoSpeed:0.0}");
            Row("  (first, cold run)", "", $"{ours.VehicleUpdatesPerSecond:N0}", $"×{ours.VehicleUpdatesPerSecond / sumoSpeed:0.0}");
            TripRows(theirs, ours, Row);
            Row("not arrived (run+wait)", $"{theirs.Running + theirs.Waiting:N0}", $"{ours.Running + ours.WaitingToInsert:N0}", "");
            Row("simulation wall time, s", $"{theirs.SimulationTime.TotalSeconds:0.00}", $"{ours.VehicleUpdates / measured.MedianSpeed:0.00}", "");
            CompareBackends(network, demand, sumoSpeed, ct);
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private void Row(string figure, string sumo, string ours, string gap) => output.WriteLine($"{figure,-34}{sumo,16}{ours,16}{gap,12}");

    /// <summary>
    /// The trips compared on SUMO's definitions: duration from insertion to arrival (SUMO's tripinfo duration),
    /// depart delay, and their sum, the trip time from the time due (what CityMesh's travel time counts); means over
    /// arrived trips, each side computed the same way.
    /// </summary>
    private static void TripRows(SumoRunResult theirs, SimulationSummary ours, Action<string, string, string, string> row)
    {
        var oursDuration = ours.MeanTravelTime - ours.MeanInsertionDelay;
        var theirsTrip = theirs.MeanTravelTime + theirs.MeanDepartDelay;
        row("arrived", $"{theirs.Arrived:N0}", $"{ours.Arrived:N0}", $"{ours.Arrived - theirs.Arrived:+0;-0;0}");
        row("duration (insertion→arrival), s", $"{theirs.MeanTravelTime:0.0}", $"{oursDuration:0.0}", Gap(oursDuration, theirs.MeanTravelTime));
        row("depart delay, s", $"{theirs.MeanDepartDelay:0.0}", $"{ours.MeanInsertionDelay:0.0}", Gap(ours.MeanInsertionDelay, theirs.MeanDepartDelay));
        row("trip time (due→arrival), s", $"{theirsTrip:0.0}", $"{ours.MeanTravelTime:0.0}", Gap(ours.MeanTravelTime, theirsTrip));
        row("waiting time, s", $"{theirs.MeanWaitingTime:0.0}", $"{ours.MeanWaitingTime:0.0}", Gap(ours.MeanWaitingTime, theirs.MeanWaitingTime));
        row("teleports (jam, yield, wrong lane, collision)", $"{theirs.Teleports:N0} ({theirs.TeleportsJam}, {theirs.TeleportsYield}, {theirs.TeleportsWrongLane}, {theirs.TeleportsCollision})",
            $"{ours.Teleports:N0} ({ours.TeleportsJam}, {ours.TeleportsYield}, {ours.TeleportsWrongLane}, {ours.TeleportsCollision})", "");
    }
}
