using CityMesh.Compute.OpenCl;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Engine.OpenCl;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.EngineOpenCl;

/// <summary>
/// One scenario run managed and on an OpenCL device in lockstep: after every step each vehicle's status, lane, route position,
/// position and speed must be identical to the bit (the kernels promise bit-for-bit agreement, README.md).
/// </summary>
internal sealed class SideBySide : IDisposable
{
    private readonly OpenClTrafficKernels _kernels;

    public SideBySide(TrafficNetwork network, TrafficDemand demand, TrafficSimulationOptions options, ClDevice device)
    {
        Managed = new TrafficSimulation(network, demand, options);
        _kernels = new OpenClTrafficKernels(device, $"OpenCL {device.Type}: {device.Name}", options.MaxDegreeOfParallelism);
        OpenCl = new TrafficSimulation(network, demand, options, _kernels, _kernels.Description);
    }

    public TrafficSimulation Managed { get; }

    public TrafficSimulation OpenCl { get; }

    public BusTraffic Bus => _kernels.Bus;

    /// <summary>Steps both until the managed one finishes or <paramref name="steps"/> have run; returns the busiest step's vehicle count.</summary>
    public int Run(int steps)
    {
        int busiest = 0;
        for (int k = 0; k < steps && !Managed.IsFinished; k++)
        {
            Managed.Step();
            OpenCl.Step();
            busiest = Math.Max(busiest, AssertSameVehicles());
        }
        return busiest;
    }

    public void Dispose() => _kernels.Dispose();

    private int AssertSameVehicles()
    {
        var m = Managed.State.Fleet;
        var o = OpenCl.State.Fleet;
        int running = 0;
        for (int v = 0; v < m.Count; v++)
        {
            if (m.Status[v] != o.Status[v] || m.Lane[v] != o.Lane[v] || m.RoutePos[v] != o.RoutePos[v] ||
                BitConverter.SingleToInt32Bits(m.Position[v]) != BitConverter.SingleToInt32Bits(o.Position[v]) ||
                BitConverter.SingleToInt32Bits(m.Speed[v]) != BitConverter.SingleToInt32Bits(o.Speed[v]))
            {
                Assert.Fail($"Step {Managed.Steps}, vehicle {v}: managed {Describe(m, v)}, OpenCL {Describe(o, v)}");
            }
            if (m.Status[v] == VehicleStatus.Running) running++;
        }
        Assert.Equal(Managed.State.Arrived, OpenCl.State.Arrived);
        Assert.Equal(Managed.State.Teleports, OpenCl.State.Teleports);
        return running;
    }

    private static string Describe(Fleet f, int v) =>
        $"{f.Status[v]} on lane {f.Lane[v]} (route {f.RoutePos[v]}) at {f.Position[v]:R} m, {f.Speed[v]:R} m/s";
}
