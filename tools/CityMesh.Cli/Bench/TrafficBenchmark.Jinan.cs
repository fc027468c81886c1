using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Import;

namespace CityMesh.Cli.Bench;

public sealed partial class TrafficBenchmark
{
    /// <summary>CityFlow's published average travel times on Jinan 3×4 real flow (fixed time, max pressure), seconds.</summary>
    private const double CityFlowFixedTime = 346, CityFlowMaxPressure = 274;

    private void RunJinan(CancellationToken ct)
    {
        var roadnet = Path.Combine(options.JinanDirectory, "roadnet_3_4.json");
        var flow = Path.Combine(options.JinanDirectory, "anon_3_4_jinan_real.json");
        output.WriteLine();
        if (!File.Exists(roadnet) || !File.Exists(flow))
        {
            output.WriteLine($"Jinan: skipped, {roadnet} or {flow} not found (--jinan-dir)");
            return;
        }
        var network = CityFlowNetworkReader.Read(roadnet);
        var demand = CityFlowFlowReader.Read(flow, network);
        output.WriteLine($"Jinan 3×4 real flow: {demand.Trips.Count:N0} trips, run until all have arrived");
        output.WriteLine($"{"controller",-26}{"CityFlow (published)",22}{"CityMesh",12}{"completed",12}{"waiting",10}");
        foreach (var (name, control, published) in new[] { ("fixed time", SignalControl.FixedTime, CityFlowFixedTime), ("max pressure", SignalControl.MaxPressure, CityFlowMaxPressure) })
        {
            var summary = Simulation(network, demand, new TrafficSimulationOptions { Seed = (ulong)options.Seed, Controller = control })
                .Run(cancellationToken: ct).Summary;
            output.WriteLine($"{name,-26}{published,22:0}{summary.MeanTravelTime,12:0.0}{summary.Arrived,12:N0}{summary.MeanWaitingTime,10:0.0}");
        }
    }
}
