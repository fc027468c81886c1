using CityMesh.Compute.OpenCl;

namespace CityMesh.Simulation.Traffic.Engine.OpenCl;

/// <summary>
/// The traffic kernels on an OpenCL device: PlanSpeeds and Move run there (plan_speeds.cl, move.cl), ChangeLanes
/// stays managed for now (it reorders the host's lane queues, like insertion and transfers). The state lives on the
/// device across steps; each step uploads what the host phases changed and downloads what they read (README.md).
/// </summary>
internal sealed class OpenClTrafficKernels : ITrafficKernels, IDisposable
{
    private const int LocalSize = 64;
    private readonly OpenClTrafficProgram _program;
    private readonly ManagedTrafficKernels _laneChanges;
    private readonly ClKernel _plan, _move, _tally;
    private TrafficState? _state;
    private DeviceTraffic? _device;

    public OpenClTrafficKernels(ClDevice device, string selectionDescription, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        _program = OpenClTrafficProgram.For(device);
        _plan = _program.Program.CreateKernel("plan_speeds");
        _move = _program.Program.CreateKernel("move_vehicles");
        _tally = _program.Program.CreateKernel("tally_lanes");
        _laneChanges = new ManagedTrafficKernels(maxDegreeOfParallelism);
        Device = device;
        Description = $"{selectionDescription}; PlanSpeeds and Move in OpenCL, lane changes managed";
    }

    public ClDevice Device { get; }

    /// <summary>Where the kernels run, for logs and results.</summary>
    public string Description { get; }

    /// <summary>What crossed the bus so far.</summary>
    public BusTraffic Bus { get; } = new();

    public void PlanSpeeds(TrafficState state)
    {
        var d = Bind(state);
        d.Upload(state);
        int slots = d.Layout.Slots;
        if (slots == 0) return;
        _plan.SetArg(0, slots);
        _plan.SetArg(3, state.Step);
        _plan.Launch(Global(slots, _plan), Local(_plan));
    }

    public void Move(TrafficState state)
    {
        var d = Bind(state);
        var layout = d.Layout;
        if (layout.Slots > 0)
        {
            _move.SetArg(0, layout.Slots);
            _move.Launch(Global(layout.Slots, _move), Local(_move));
            _tally.SetArg(0, layout.ActiveCount);
            _tally.Launch(Global(layout.ActiveCount, _tally), Local(_tally));
        }
        d.Download(state, Bus);
        AddLaneSums(state, d);
        Bus.Steps++;
    }

    public void ChangeLanes(TrafficState state) => _laneChanges.ChangeLanes(state);

    public void Dispose()
    {
        _device?.Dispose();
        _plan.Dispose();
        _move.Dispose();
        _tally.Dispose();
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
            _device = new DeviceTraffic(_program.Context, state, Bus);
            SetStaticArgs(state, _device);
        }
        else if (!ReferenceEquals(_state, state))
        {
            throw new InvalidOperationException("An OpenClTrafficKernels instance serves one simulation; make another for another state.");
        }
        return _device!;
    }

    private void SetStaticArgs(TrafficState s, DeviceTraffic d)
    {
        // Scalars: the slot count (0) and the step (3) are set again before each launch.
        _plan.SetArg(0, 0);
        _plan.SetArg(1, s.Dt);
        _plan.SetArg(2, s.Seed);
        _plan.SetArg(3, 0L);
        new KernelArgs(_plan, 4)
            .Add(d.Position.Buffer).Add(d.Speed.Buffer).Add(d.WaitingTime.Buffer).Add(d.VehicleLane.Buffer)
            .Add(d.NextConnection.Buffer).Add(d.RoutePos.Buffer).Add(d.Vehicles).Add(d.RouteEdges)
            .Add(d.LaneFirst.Buffer).Add(d.LaneVehicles.Buffer).Add(d.LaneFull.Buffer).Add(d.LinkState.Buffer)
            .Add(d.LaneLength).Add(d.LaneSpeed).Add(d.LaneEdge).Add(d.LaneOutStart).Add(d.LaneOut)
            .Add(d.ConnFrom).Add(d.ConnTo).Add(d.ConnVia).Add(d.FoeStart).Add(d.Foes).Add(d.NextSpeed);

        _move.SetArg(0, 0);
        _move.SetArg(1, s.Dt);
        new KernelArgs(_move, 2)
            .Add(d.LaneVehicles.Buffer).Add(d.VehicleLane.Buffer).Add(d.Vehicles).Add(d.LaneSpeed).Add(d.NextSpeed)
            .Add(d.Speed.Buffer).Add(d.Position.Buffer).Add(d.WaitingTime.Buffer).Add(d.TimeLoss.Buffer).Add(d.SlotLost);

        _tally.SetArg(0, 0);
        _tally.SetArg(1, s.Dt);
        new KernelArgs(_tally, 2)
            .Add(d.ActiveLanes.Buffer).Add(d.LaneFirst.Buffer).Add(d.LaneVehicles.Buffer).Add(d.Vehicles).Add(d.LaneLength)
            .Add(d.Speed.Buffer).Add(d.SlotLost).Add(d.Halting).Add(d.LaneSums);
    }

    /// <summary>Binds buffers to consecutive arguments, in the order the kernel declares them.</summary>
    private sealed class KernelArgs(ClKernel kernel, int first)
    {
        private int _next = first;

        public KernelArgs Add<T>(ClBuffer<T> buffer) where T : unmanaged
        {
            kernel.SetArg(_next++, buffer);
            return this;
        }
    }

    private static long Local(ClKernel kernel) => Math.Min(LocalSize, kernel.WorkGroupSize);

    private static long Global(int items, ClKernel kernel) => ClWorkSize.RoundUp(items, Local(kernel));
}
