using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Import;

namespace CityMesh.Cli.Bench;

public sealed partial class TrafficBenchmark
{
    /// <summary>CityFlow's published average travel times on Jinan 3×4 real flow (fixed time, max pressure), seconds: another setup and definition.</summary>
    private const double CityFlowFixedTime = 346, CityFlowMaxPressure = 274;

    /// <summary>
    /// CityFlow itself built and run on these very files for 3,600 steps under the files' fixed-time plans, as issue 22
    /// reports it (CityFlow is not installable on these machines, so it cannot run beside CityMesh here).
    /// </summary>
    private const double CityFlowOnTheseFilesFixedTime = 444.8;

    private const double CityFlowHorizon = 3600;

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
        output.WriteLine($"Jinan 3×4 real flow: {demand.Trips.Count:N0} trips. CityFlow's metric: its average travel time at {CityFlowHorizon:N0} s " +
                         "(every vehicle due by then: arrived ones arrival − due, the rest the time spent so far). Mean over arrived: the run to completion.");
        output.WriteLine($"{"controller",-14}{"CityFlow metric",17}{"CityFlow on these files",25}{"mean over arrived",19}{"published",11}{"completed",11}");
        foreach (var (name, control, published, onTheseFiles) in new[]
        {
            ("fixed time", SignalControl.FixedTime, CityFlowFixedTime, $"{CityFlowOnTheseFilesFixedTime:0.0}"),
            ("max pressure", SignalControl.MaxPressure, CityFlowMaxPressure, "not measured"),
        })
        {
            var results = Simulation(network, demand, new TrafficSimulationOptions { Seed = (ulong)options.Seed, Controller = control }).Run(cancellationToken: ct);
            var metric = CityFlowMetric.AverageTravelTime(results.Trips, CityFlowHorizon);
            output.WriteLine($"{name,-14}{metric,17:0.0}{onTheseFiles,25}{results.Summary.MeanTravelTime,19:0.0}{published,11:0}{results.Summary.Arrived,11:N0}");
        }
    }
}
