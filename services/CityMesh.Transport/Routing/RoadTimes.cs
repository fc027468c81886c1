using CityMesh.Transport.Network;

namespace CityMesh.Transport.Routing;

/// <summary>Where a road's driving time came from.</summary>
public enum TravelTimeBasis
{
    /// <summary>Length ÷ the detector's speed, from a fresh reading.</summary>
    Live,

    /// <summary>Length ÷ the speed limit: no detector, no reading, or a stale one.</summary>
    FreeFlow,
}

/// <summary>
/// Every road's expected times at one moment of the network (README.md): driving time from the live reading or the
/// speed limit, and the expected wait at the signal at its end, by movement and by vehicle class. Arrays by edge
/// index, built once per <see cref="TransportNetwork"/> snapshot.
/// </summary>
internal sealed class RoadTimes
{
    private readonly TransportNetwork _network;
    private readonly SignalGreens _greens;
    private readonly TravelTimeOptions _options;
    private readonly double[] _drive;
    private readonly double[] _speed;        // m/s the drive time assumes
    private readonly double[] _flowRatio;    // flow ÷ saturation flow of the approach, capped
    private readonly TravelTimeBasis[] _basis;
    private readonly bool[] _waitMeasured;  // the live speed already averages in the wait at the road's signal
    private readonly double[] _freeFlow;     // length ÷ limit, the least a road can take

    public RoadTimes(TransportNetwork network, SignalGreens greens, TravelTimeOptions options)
    {
        _network = network;
        _greens = greens;
        _options = options;
        var edges = network.Roads.Edges;
        _drive = new double[edges.Count];
        _speed = new double[edges.Count];
        _flowRatio = new double[edges.Count];
        _basis = new TravelTimeBasis[edges.Count];
        _waitMeasured = new bool[edges.Count];
        _freeFlow = new double[edges.Count];
        var newest = Newest(network.Readings);
        var freshFrom = newest == DateTimeOffset.MinValue ? DateTimeOffset.MaxValue : newest - options.FreshFor;
        var minSpeed = options.MinSpeedKmh / 3.6;
        for (var e = 0; e < edges.Count; e++)
        {
            var edge = edges[e];
            network.Readings.TryGetValue(edge.Id, out var reading);
            var live = reading is { SpeedKmh: { } kmh, At: { } at } && double.IsFinite(kmh) && at >= freshFrom;
            var speed = live ? reading!.SpeedKmh!.Value / 3.6 : edge.SpeedLimit;
            _speed[e] = Math.Max(speed, minSpeed);
            _drive[e] = edge.Length / _speed[e];
            _basis[e] = live ? TravelTimeBasis.Live : TravelTimeBasis.FreeFlow;
            var flow = live && reading!.FlowPerHour is { } q && double.IsFinite(q) ? Math.Max(q, 0) : 0;
            _flowRatio[e] = Math.Min(flow / (options.SaturationFlowPerLane * Math.Max(1, edge.Lanes.Count)), options.MaxFlowRatio);
            // A road nobody drove in the window read its limit: its speed says nothing about the wait at the signal.
            _waitMeasured[e] = live && flow > 0 && options.LiveSpeedIncludesSignalWait;
            _freeFlow[e] = edge.Length / Math.Max(edge.SpeedLimit, minSpeed);
        }
    }

    public TransportNetwork Network => _network;

    public SignalGreens Greens => _greens;

    /// <summary>
    /// Seconds from entering the road to its stop line. A live space-mean speed includes the vehicles standing at
    /// the signal, so for an emergency vehicle, which pre-empts that signal, the approach's expected wait is taken
    /// back out (never below the free-flow time).
    /// </summary>
    public double Drive(int edge, VehicleClass vehicle) =>
        vehicle is VehicleClass.Emergency && _waitMeasured[edge] && _greens.IsSignalised(edge)
            ? Math.Max(_freeFlow[edge], _drive[edge] - MixWait(edge))
            : _drive[edge];

    public double SpeedKmh(int edge) => _speed[edge] * 3.6;

    public TravelTimeBasis Basis(int edge) => _basis[edge];

    /// <summary>Expected seconds between reaching the stop line at the end of <paramref name="from"/> and entering <paramref name="to"/>.</summary>
    public double JunctionDelay(int from, int to, VehicleClass vehicle) =>
        !_greens.IsSignalised(from) ? 0
        // Pre-emption never makes a junction slower than obeying it (a free right turn stays free).
        : vehicle is VehicleClass.Emergency ? Math.Min(_options.PreemptionClearanceSeconds, JunctionDelay(from, to, VehicleClass.Fleet))
        : _waitMeasured[from] ? Math.Max(_freeFlow[from] - _drive[from], Webster(from, _greens.GreenShare(from, to)) - MixWait(from))
        : Webster(from, _greens.GreenShare(from, to));

    /// <summary>The junction delay before the next road is known: the approach's typical movement.</summary>
    public double ApproachDelay(int edge, VehicleClass vehicle) =>
        !_greens.IsSignalised(edge) ? 0
        : vehicle is VehicleClass.Emergency ? Math.Min(_options.PreemptionClearanceSeconds, ApproachDelay(edge, VehicleClass.Fleet))
        : _waitMeasured[edge] ? Math.Max(0, Webster(edge, _greens.ApproachGreenShare(edge)) - MixWait(edge))
        : Webster(edge, _greens.ApproachGreenShare(edge));

    /// <summary>Whether the road's live speed already carries the wait at its signal (README.md).</summary>
    public bool WaitMeasured(int edge) => _waitMeasured[edge];

    private double Webster(int edge, double greenShare) => UniformDelay(_greens.Cycle(edge), greenShare, _flowRatio[edge]);

    /// <summary>
    /// The wait a live speed already holds: Webster's delay averaged over the approach's movements. A vehicle that
    /// crosses or turns left waits longer than that average (right turns, free in most plans, pull it down), so its
    /// junction delay is the difference; a right turn's may be negative.
    /// </summary>
    private double MixWait(int edge) => _greens.Cycle(edge) * _greens.MixRedSquare(edge) / (2 * (1 - _flowRatio[edge]));

    /// <summary>
    /// Webster's uniform delay C(1−λ)²/(2(1−y)): a vehicle arriving at a random moment waits half the red on
    /// average, a share (1−λ) of arrivals meet red, and a busier approach (flow ratio y) leaves a longer queue to
    /// discharge after the green starts.
    /// </summary>
    internal static double UniformDelay(double cycle, double greenShare, double flowRatio)
    {
        var red = 1 - Math.Clamp(greenShare, 0, 1);
        return cycle * red * red / (2 * (1 - flowRatio));
    }

    private static DateTimeOffset Newest(IReadOnlyDictionary<string, RoadReading> readings)
    {
        var newest = DateTimeOffset.MinValue;
        foreach (var r in readings.Values)
            if (r.At is { } at && at > newest) newest = at;
        return newest;
    }
}
