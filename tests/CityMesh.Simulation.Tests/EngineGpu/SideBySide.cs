using CityMesh.Compute;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Engine.Gpu;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.EngineGpu;

/// <summary>
/// One scenario run managed and on an ILGPU device in lockstep: after every step each vehicle's status, lane, route
/// position, position and speed must be identical to the bit (on the CPU accelerator the kernels' arithmetic is the
/// managed code's own, README.md).
/// </summary>
internal sealed class SideBySide : IDisposable
{
    private readonly IlgpuTrafficKernels _kernels;

    public SideBySide(TrafficNetwork network, TrafficDemand demand, TrafficSimulationOptions options, ComputeDevice device)
    {
        Managed = new TrafficSimulation(network, demand, options);
        _kernels = new IlgpuTrafficKernels(device, options.MaxDegreeOfParallelism);
        Ilgpu = new TrafficSimulation(network, demand, options, _kernels, _kernels.Description);
    }

    public TrafficSimulation Managed { get; }

    public TrafficSimulation Ilgpu { get; }

    public BusTraffic Bus => _kernels.Bus;

    /// <summary>Steps both until the managed one finishes or <paramref name="steps"/> have run; returns the busiest step's vehicle count.</summary>
    public int Run(int steps)
    {
        int busiest = 0;
        for (int k = 0; k < steps && !Managed.IsFinished; k++)
        {
            Managed.Step();
            Ilgpu.Step();
            busiest = Math.Max(busiest, AssertSameVehicles());
        }
        return busiest;
    }

    public void Dispose() => _kernels.Dispose();

    private int AssertSameVehicles()
    {
        var m = Managed.State.Fleet;
        var o = Ilgpu.State.Fleet;
        int running = 0;
        for (int v = 0; v < m.Count; v++)
        {
            if (m.Status[v] != o.Status[v] || m.Lane[v] != o.Lane[v] || m.RoutePos[v] != o.RoutePos[v] ||
                BitConverter.SingleToInt32Bits(m.Position[v]) != BitConverter.SingleToInt32Bits(o.Position[v]) ||
                BitConverter.SingleToInt32Bits(m.Speed[v]) != BitConverter.SingleToInt32Bits(o.Speed[v]))
            {
                Assert.Fail($"Step {Managed.Steps}, vehicle {v}: managed {Describe(m, v)}, ILGPU {Describe(o, v)}");
            }
            if (m.Status[v] == VehicleStatus.Running) running++;
        }
        Assert.Equal(Managed.State.Arrived, Ilgpu.State.Arrived);
        Assert.Equal(Managed.State.Teleports, Ilgpu.State.Teleports);
        return running;
    }

    private static string Describe(Fleet f, int v) =>
        $"{f.Status[v]} on lane {f.Lane[v]} (route {f.RoutePos[v]}) at {f.Position[v]:R} m, {f.Speed[v]:R} m/s";
}
