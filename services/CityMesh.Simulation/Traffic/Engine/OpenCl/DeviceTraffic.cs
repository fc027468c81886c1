using CityMesh.Compute.OpenCl;

namespace CityMesh.Simulation.Traffic.Engine.OpenCl;

/// <summary>
/// One simulation's state on the device: the road tables and vehicle parameters, copied once; the vehicle state
/// and lane layout as <see cref="DeviceArray{T}"/> twins of the host arrays; and device-only scratch (planned
/// speeds, per-slot time loss, per-lane sums).
/// </summary>
internal sealed class DeviceTraffic : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public DeviceTraffic(ClContext context, TrafficState s, BusTraffic bus)
    {
        var f = s.Fleet;
        var r = s.Roads;
        int lanes = r.LaneCount, vehicles = f.Count;
        Layout = new LaneLayout(lanes, vehicles);

        DeviceArray<T> Twin<T>(T[] host, int? length = null) where T : unmanaged => Own(new DeviceArray<T>(context, host, bus, length));
        ClBuffer<T> Constant<T>(T[] host) where T : unmanaged
        {
            var buffer = Own(context.CreateBuffer<T>(Math.Max(1, host.Length)));
            buffer.Write(host);
            bus.SetupBytes += buffer.SizeInBytes;
            return buffer;
        }
        ClBuffer<T> Scratch<T>(int length) where T : unmanaged => Own(context.CreateBuffer<T>(Math.Max(1, length)));

        Position = Twin(f.Position); Speed = Twin(f.Speed); WaitingTime = Twin(f.WaitingTime); TimeLoss = Twin(f.TimeLoss);
        VehicleLane = Twin(f.Lane); NextConnection = Twin(f.NextConnection); RoutePos = Twin(f.RoutePos);
        LaneFirst = Twin(Layout.First); LaneVehicles = Twin(Layout.Vehicles); LaneFull = Twin(Layout.Full);
        ActiveLanes = Twin(Layout.Active); LinkState = Twin(s.LinkStates);

        Vehicles = Constant(OpenClVehicleParams.From(f));
        RouteEdges = Constant(f.RouteEdges);
        LaneLength = Constant(r.LaneLength); LaneSpeed = Constant(r.LaneSpeed); LaneEdge = Constant(r.LaneEdge);
        LaneOutStart = Constant(r.LaneOutStart); LaneOut = Constant(r.LaneOut);
        ConnFrom = Constant(r.ConnFrom); ConnTo = Constant(r.ConnTo); ConnVia = Constant(r.ConnVia);
        FoeStart = Constant(r.FoeStart); Foes = Constant(r.Foes);

        NextSpeed = Scratch<float>(vehicles);
        SlotLost = Scratch<float>(vehicles);
        Halting = Scratch<int>(lanes);
        LaneSums = Scratch<float>(4 * lanes);
        HaltingHost = new int[Math.Max(1, lanes)];
        LaneSumsHost = new float[Math.Max(1, 4 * lanes)];
    }

    public LaneLayout Layout { get; }

    public DeviceArray<float> Position { get; }
    public DeviceArray<float> Speed { get; }
    public DeviceArray<float> WaitingTime { get; }
    public DeviceArray<float> TimeLoss { get; }
    public DeviceArray<int> VehicleLane { get; }
    public DeviceArray<int> NextConnection { get; }
    public DeviceArray<int> RoutePos { get; }
    public DeviceArray<int> LaneFirst { get; }
    public DeviceArray<int> LaneVehicles { get; }
    public DeviceArray<byte> LaneFull { get; }
    public DeviceArray<int> ActiveLanes { get; }
    public DeviceArray<LinkState> LinkState { get; }

    public ClBuffer<OpenClVehicleParams> Vehicles { get; }
    public ClBuffer<int> RouteEdges { get; }
    public ClBuffer<float> LaneLength { get; }
    public ClBuffer<float> LaneSpeed { get; }
    public ClBuffer<int> LaneEdge { get; }
    public ClBuffer<int> LaneOutStart { get; }
    public ClBuffer<int> LaneOut { get; }
    public ClBuffer<int> ConnFrom { get; }
    public ClBuffer<int> ConnTo { get; }
    public ClBuffer<float> ConnVia { get; }
    public ClBuffer<int> FoeStart { get; }
    public ClBuffer<int> Foes { get; }

    public ClBuffer<float> NextSpeed { get; }
    public ClBuffer<float> SlotLost { get; }
    public ClBuffer<int> Halting { get; }
    public ClBuffer<float> LaneSums { get; }
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
        VehicleLane.Upload(f.Lane, from, to);
        NextConnection.Upload(f.NextConnection, from, to);
        RoutePos.Upload(f.RoutePos, from, to);
        LaneFirst.Upload(layout.First, 0, layout.First.Length);
        LaneVehicles.Upload(layout.Vehicles, 0, layout.Slots);
        LaneFull.Upload(layout.Full, 0, layout.Full.Length);
        ActiveLanes.Upload(layout.Active, 0, layout.ActiveCount);
        LinkState.Upload(s.LinkStates, 0, s.LinkStates.Length);
    }

    /// <summary>Reads back what the host phases need after the move: the moved vehicles and the lane sums.</summary>
    public void Download(TrafficState s, BusTraffic bus)
    {
        var f = s.Fleet;
        int from = Layout.WindowStart, to = Layout.WindowEnd;
        Position.Download(f.Position, from, to);
        Speed.Download(f.Speed, from, to);
        WaitingTime.Download(f.WaitingTime, from, to);
        TimeLoss.Download(f.TimeLoss, from, to);
        int active = Layout.ActiveCount;
        if (active == 0) return;
        Halting.Read(HaltingHost.AsSpan(0, active));
        LaneSums.Read(LaneSumsHost.AsSpan(0, 4 * active));
        bus.DownloadBytes += 5L * 4 * active;
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
