using CityMesh.Compute;
using CityMesh.Compute.Ilgpu;
using ILGPU;
using ILGPU.Runtime;

namespace CityMesh.Simulation.Traffic.Engine.Gpu;

/// <summary>
/// The traffic kernels on an ILGPU accelerator (a CUDA or OpenCL GPU, or ILGPU's CPU accelerator in tests): PlanSpeeds
/// and Move run there (<see cref="TrafficKernels"/>); ChangeLanes stays managed (it reorders the host's lane queues,
/// like insertion and transfers). The state lives on the device across steps; each step uploads what the host phases
/// changed and downloads what they read (README.md). Nothing is allocated per step.
/// </summary>
internal sealed class IlgpuTrafficKernels : ITrafficKernels, IDisposable
{
    private readonly Accelerator _accelerator;
    private readonly AcceleratorStream _stream;
    private readonly ManagedTrafficKernels _laneChanges;
    private readonly Action<AcceleratorStream, Index1D, TrafficViews, long> _plan;
    private readonly Action<AcceleratorStream, Index1D, TrafficViews> _move, _tally;
    private TrafficState? _state;
    private DeviceTraffic? _device;

    public IlgpuTrafficKernels(ComputeDevice device, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        _accelerator = IlgpuRuntime.Accelerator(device);
        _stream = _accelerator.CreateStream();
        _plan = _accelerator.LoadAutoGroupedKernel<Index1D, TrafficViews, long>(TrafficKernels.PlanSpeeds);
        _move = _accelerator.LoadAutoGroupedKernel<Index1D, TrafficViews>(TrafficKernels.MoveVehicles);
        _tally = _accelerator.LoadAutoGroupedKernel<Index1D, TrafficViews>(TrafficKernels.TallyLanes);
        _laneChanges = new ManagedTrafficKernels(maxDegreeOfParallelism);
        Device = device;
        Description = $"{device.Description}; PlanSpeeds and Move on ILGPU, lane changes managed";
    }

    public ComputeDevice Device { get; }

    /// <summary>Where the kernels run, for logs and results.</summary>
    public string Description { get; }

    /// <summary>What crossed the bus so far.</summary>
    public BusTraffic Bus { get; } = new();

    public void PlanSpeeds(TrafficState state)
    {
        var d = Bind(state);
        d.Upload(state);
        int slots = d.Layout.Slots;
        if (slots > 0) _plan(_stream, slots, d.Views, state.Step);
    }

    public void Move(TrafficState state)
    {
        var d = Bind(state);
        var layout = d.Layout;
        if (layout.Slots > 0)
        {
            _move(_stream, layout.Slots, d.Views);
            _tally(_stream, layout.ActiveCount, d.Views);
        }
        d.Download(state, Bus);
        AddLaneSums(state, d);
        Bus.Steps++;
    }

    public void ChangeLanes(TrafficState state) => _laneChanges.ChangeLanes(state);

    public void Dispose()
    {
        _device?.Dispose();
        _stream.Dispose();
    }

    /// <summary>LaneMover's tally, from the per-lane float sums the device added in the managed order.</summary>
    private static void AddLaneSums(TrafficState s, DeviceTraffic d)
    {
        var tally = s.Tally;
        var layout = d.Layout;
        for (int lane = 0; lane < s.Roads.LaneCount; lane++)
        {
            tally.LiveCount[lane] = layout.First[lane + 1] - layout.First[lane];
            tally.LiveHalting[lane] = 0;
            tally.LiveSpeedSum[lane] = 0f;
        }
        for (int a = 0; a < layout.ActiveCount; a++)
        {
            int lane = layout.Active[a];
            float speedSum = d.LaneSumsHost[4 * a];
            tally.LiveHalting[lane] = d.HaltingHost[a];
            tally.LiveSpeedSum[lane] = speedSum;
            tally.SpeedSum[lane] += speedSum;
            tally.VehicleSteps[lane] += tally.LiveCount[lane];
            tally.OccupancySum[lane] += d.LaneSumsHost[4 * a + 1];
            tally.TimeLossSum[lane] += d.LaneSumsHost[4 * a + 2];
            tally.WaitingSum[lane] += d.LaneSumsHost[4 * a + 3];
        }
    }

    /// <summary>Device buffers are sized from the first state seen; one kernel set serves one simulation.</summary>
    private DeviceTraffic Bind(TrafficState state)
    {
        if (_state is null)
        {
            _state = state;
            _device = new DeviceTraffic(_accelerator, _stream, state, Bus);
        }
        else if (!ReferenceEquals(_state, state))
        {
            throw new InvalidOperationException("An IlgpuTrafficKernels instance serves one simulation; make another for another state.");
        }
        return _device!;
    }
}
