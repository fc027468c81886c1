using CityMesh.Compute;
using CityMesh.Compute.Ilgpu;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Cli.Bench;

public sealed partial class TrafficBenchmark
{
    /// <summary>Simulated seconds ILGPU's CPU accelerator runs: it is a test target, ~1,000× slower than managed.</summary>
    private const double CpuAcceleratorSpan = 300;

    /// <summary>
    /// Every backend this machine offers on the same files, each beside SUMO and checked against managed: managed and
    /// every GPU ILGPU finds over the whole run (a GPU's first run compiles its kernels, so the second is reported),
    /// and the CPU accelerator over the first <see cref="CpuAcceleratorSpan"/> s beside managed over the same span.
    /// </summary>
    private void CompareBackends(TrafficNetwork network, TrafficDemand demand, double sumoSpeed, CancellationToken ct)
    {
        var options0 = new TrafficSimulationOptions { Seed = (ulong)options.Seed };
        var backends = new List<ComputeSelection> { ComputeSelector.Select(ComputeBackendKind.Managed) };
        backends.AddRange(IlgpuRuntime.Devices().Where(d => d.IsGpu)
            .Select(d => new ComputeSelection(d.Kind, d.Kind, d, ManagedCompute.Current, d.Description, "bench: every device")));
        output.WriteLine();
        output.WriteLine("every backend on the same files (vehicle-updates/s, × SUMO's; results compared with managed's):");
        TrafficResults? reference = null;
        foreach (var selection in backends)
        {
            ct.ThrowIfCancellationRequested();
            var run = TrafficBackends.CreateSimulation(network, demand, options0, selection).Run(cancellationToken: ct);
            if (selection.IsIlgpu) run = TrafficBackends.CreateSimulation(network, demand, options0, selection).Run(cancellationToken: ct);
            reference ??= run;
            BackendRow(selection.Description, run, sumoSpeed, reference);
        }

        var span = options0 with { EndTime = CpuAcceleratorSpan };
        var managedSpan = TrafficBackends.CreateSimulation(network, demand, span, backends[0]).Run(cancellationToken: ct);
        var cpu = ComputeSelector.Select(ComputeBackendKind.IlgpuCpu);
        var cpuSpan = TrafficBackends.CreateSimulation(network, demand, span, cpu).Run(cancellationToken: ct);
        output.WriteLine($"first {CpuAcceleratorSpan:0} simulated s only:");
        BackendRow(backends[0].Description, managedSpan, sumoSpeed, managedSpan);
        BackendRow(cpu.Description + " (test target)", cpuSpan, sumoSpeed, managedSpan);
    }

    private void BackendRow(string backend, TrafficResults run, double sumoSpeed, TrafficResults reference)
    {
        var s = run.Summary;
        bool same = run.Trips.SequenceEqual(reference.Trips);
        output.WriteLine($"  {backend,-70}{s.VehicleUpdatesPerSecond,14:N0}  ×{s.VehicleUpdatesPerSecond / sumoSpeed,-7:0.0} " +
                         $"{s.Arrived:N0} arrived, mean travel {s.MeanTravelTime:0.0} s; {(same ? "same trips as managed" : "trips DIFFER from managed")}");
    }
}
