using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Generation;

namespace CityMesh.Cli.Bench;

public sealed partial class TrafficBenchmark
{
    /// <summary>A generated grid with a million trips on the CPU: completion, speed and memory per vehicle.</summary>
    private void RunScale(CancellationToken ct)
    {
        output.WriteLine();
        var network = GridNetworkGenerator.Build(options.ScaleGrid);
        var demand = GridDemandGenerator.Build(network, options.ScaleTrips, options.ScaleWindow, seed: options.Seed);
        output.WriteLine($"scale: generated {options.ScaleGrid}×{options.ScaleGrid} grid ({network.Lanes.Count:N0} lanes), " +
                         $"{demand.Trips.Count:N0} trips departing over {options.ScaleWindow:N0} s");
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var sim = Simulation(network, demand, new TrafficSimulationOptions { Seed = (ulong)options.Seed });
        long built = GC.GetTotalMemory(forceFullCollection: true);
        var summary = sim.Run(cancellationToken: ct).Summary;
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(sim);
        output.WriteLine($"{"completed trips",-34}{summary.Arrived:N0} of {summary.TripsTotal:N0} in {summary.Time:N0} simulated s ({summary.Teleports:N0} teleports)");
        output.WriteLine($"{"mean travel time / waiting, s",-34}{summary.MeanTravelTime:0.0} / {summary.MeanWaitingTime:0.0}");
        output.WriteLine($"{"vehicle-updates/s (one cold run)",-34}{summary.VehicleUpdatesPerSecond:N0} ({summary.VehicleUpdates:N0} in {summary.WallTimeSeconds:0.0} s)");
        output.WriteLine($"{"state bytes per vehicle",-34}{summary.StateBytesPerVehicle:0}");
        output.WriteLine($"{"managed memory growth per vehicle",-34}{(double)(built - before) / demand.Trips.Count:0} B built, {(double)(after - before) / demand.Trips.Count:0} B after the run (network tables and lane queues included)");
    }
}
