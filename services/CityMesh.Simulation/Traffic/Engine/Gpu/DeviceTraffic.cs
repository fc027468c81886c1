using ILGPU;
using ILGPU.Runtime;

namespace CityMesh.Simulation.Traffic.Engine.Gpu;

/// <summary>
/// One simulation's state on the device, allocated once: the road tables and vehicle parameters, copied once; the
/// vehicle state and lane layout as <see cref="DeviceArray{T}"/> twins of the host arrays; and device-only scratch
/// (planned speeds, per-slot time loss, per-lane sums). <see cref="Views"/> hands all of it to the kernels.
/// </summary>
internal sealed class DeviceTraffic : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly AcceleratorStream _stream;

    public DeviceTraffic(Accelerator accelerator, AcceleratorStream stream, TrafficState s, BusTraffic bus)
    {
        _stream = stream;
        var f = s.Fleet;
        var r = s.Roads;
        int lanes = r.LaneCount, vehicles = f.Count;
        Layout = new LaneLayout(lanes, vehicles);

        DeviceArray<T> Twin<T>(T[] host) where T : unmanaged => Own(new DeviceArray<T>(accelerator, stream, host, bus));
        ArrayView<T> Constant<T>(T[] host) where T : unmanaged
        {
            var buffer = Own(accelerator.Allocate1D<T>(Math.Max(1, host.Length)));
            buffer.View.SubView(0, host.Length).CopyFromCPU(stream, host);
            bus.SetupBytes += buffer.LengthInBytes;
            return buffer.View;
        }
        ArrayView<T> Scratch<T>(int length) where T : unmanaged => Own(accelerator.Allocate1D<T>(Math.Max(1, length))).View;

        Position = Twin(f.Position); Speed = Twin(f.Speed); WaitingTime = Twin(f.WaitingTime); TimeLoss = Twin(f.TimeLoss); Standing = Twin(f.Standing);
        VehicleLane = Twin(f.Lane); NextConnection = Twin(f.NextConnection); RoutePos = Twin(f.RoutePos); LetIn = Twin(f.LetIn);
        LaneFirst = Twin(Layout.First); LaneVehicles = Twin(Layout.Vehicles); LaneFull = Twin(Layout.Full);
        ActiveLanes = Twin(Layout.Active); LinkStates = Twin(s.LinkStates);
        MergeHead = Twin(s.Merges.Head); MergeVehicles = Twin(s.Merges.Vehicles); MergeNext = Twin(s.Merges.Next); MergeRemaining = Twin(s.Merges.Remaining);
        HaltingHost = new int[Math.Max(1, lanes)];
        LaneSumsHost = new float[Math.Max(1, 4 * lanes)];

        Views = new TrafficViews
        {
            Position = Position.View, Speed = Speed.View, WaitingTime = WaitingTime.View, TimeLoss = TimeLoss.View, Standing = Standing.View,
            VehicleLane = VehicleLane.View, NextConnection = NextConnection.View, RoutePos = RoutePos.View, LetIn = LetIn.View,
            Vehicles = Constant(VehicleParams.From(f)), RouteEdges = Constant(f.RouteEdges),
            LaneLength = Constant(r.LaneLength), LaneSpeed = Constant(r.LaneSpeed), LaneEdge = Constant(r.LaneEdge), LanePermissions = Constant(r.LanePermissions),
            LaneOutStart = Constant(r.LaneOutStart), LaneOut = Constant(r.LaneOut),
            ConnFrom = Constant(r.ConnFrom), ConnTo = Constant(r.ConnTo), ConnVia = Constant(r.ConnVia), ConnViaSpeed = Constant(r.ConnViaSpeed),
            FoeStart = Constant(r.FoeStart), Foes = Constant(r.Foes),
            LaneFirst = LaneFirst.View, LaneVehicles = LaneVehicles.View, ActiveLanes = ActiveLanes.View,
            LaneFull = LaneFull.View, LinkStates = LinkStates.View,
            MergeHead = MergeHead.View, MergeVehicles = MergeVehicles.View, MergeNext = MergeNext.View, MergeRemaining = MergeRemaining.View,
            NextSpeed = Scratch<float>(vehicles), SlotLost = Scratch<float>(vehicles), LaneSums = Scratch<float>(4 * lanes),
            Halting = Scratch<int>(lanes),
            Dt = s.Dt,
            Seed = s.Seed,
        };
        stream.Synchronize();
    }

    public LaneLayout Layout { get; }

    public TrafficViews Views { get; }

    public DeviceArray<float> Position { get; }
    public DeviceArray<float> Speed { get; }
    public DeviceArray<float> WaitingTime { get; }
    public DeviceArray<float> TimeLoss { get; }
    public DeviceArray<float> Standing { get; }
    public DeviceArray<int> VehicleLane { get; }
    public DeviceArray<int> NextConnection { get; }
    public DeviceArray<int> RoutePos { get; }
    public DeviceArray<int> LetIn { get; }
    public DeviceArray<int> LaneFirst { get; }
    public DeviceArray<int> LaneVehicles { get; }
    public DeviceArray<byte> LaneFull { get; }
    public DeviceArray<int> ActiveLanes { get; }
    public DeviceArray<LinkState> LinkStates { get; }
    public DeviceArray<int> MergeHead { get; }
    public DeviceArray<int> MergeVehicles { get; }
    public DeviceArray<int> MergeNext { get; }
    public DeviceArray<float> MergeRemaining { get; }

    /// <summary>Host copies of the per-lane outputs of the tally kernel, read each step.</summary>
    public int[] HaltingHost { get; }
    public float[] LaneSumsHost { get; }

    /// <summary>Brings the device up to date with what the host phases (signals, insertion, transfers, lane changes) changed.</summary>
    public void Upload(TrafficState s)
    {
        var f = s.Fleet;
        var layout = Layout;
        layout.Build(s.Lanes);
        int from = layout.WindowStart, to = layout.WindowEnd;
        Position.Upload(f.Position, from, to);
        Speed.Upload(f.Speed, from, to);
        WaitingTime.Upload(f.WaitingTime, from, to);
        TimeLoss.Upload(f.TimeLoss, from, to);
        Standing.Upload(f.Standing, from, to);
        VehicleLane.Upload(f.Lane, from, to);
        NextConnection.Upload(f.NextConnection, from, to);
        RoutePos.Upload(f.RoutePos, from, to);
        LetIn.Upload(f.LetIn, from, to);
        LaneFirst.Upload(layout.First, 0, layout.First.Length);
        LaneVehicles.Upload(layout.Vehicles, 0, layout.Slots);
        LaneFull.Upload(layout.Full, 0, layout.Full.Length);
        ActiveLanes.Upload(layout.Active, 0, layout.ActiveCount);
        LinkStates.Upload(s.LinkStates, 0, s.LinkStates.Length);
        MergeHead.Upload(s.Merges.Head, 0, s.Merges.Head.Length);
        MergeVehicles.Upload(s.Merges.Vehicles, 0, s.Merges.Count);
        MergeNext.Upload(s.Merges.Next, 0, s.Merges.Count);
        MergeRemaining.Upload(s.Merges.Remaining, 0, s.Merges.Count);
    }

    /// <summary>Reads back what the host phases need after the move: the moved vehicles and the lane sums; waits for them.</summary>
    public void Download(TrafficState s, BusTraffic bus)
    {
        var f = s.Fleet;
        int from = Layout.WindowStart, to = Layout.WindowEnd, active = Layout.ActiveCount;
        Position.Download(f.Position, from, to);
        Speed.Download(f.Speed, from, to);
        WaitingTime.Download(f.WaitingTime, from, to);
        TimeLoss.Download(f.TimeLoss, from, to);
        Standing.Download(f.Standing, from, to);
        if (active > 0)
        {
            Views.Halting.SubView(0, active).CopyToCPU(_stream, HaltingHost.AsSpan(0, active));
            Views.LaneSums.SubView(0, 4 * active).CopyToCPU(_stream, LaneSumsHost.AsSpan(0, 4 * active));
            bus.DownloadBytes += 5L * 4 * active;
        }
        _stream.Synchronize();
        Position.Settle(f.Position, from, to);
        Speed.Settle(f.Speed, from, to);
        WaitingTime.Settle(f.WaitingTime, from, to);
        TimeLoss.Settle(f.TimeLoss, from, to);
        Standing.Settle(f.Standing, from, to);
    }

    public void Dispose()
    {
        foreach (var item in _owned) item.Dispose();
    }

    private TItem Own<TItem>(TItem item) where TItem : IDisposable
    {
        _owned.Add(item);
        return item;
    }
}
