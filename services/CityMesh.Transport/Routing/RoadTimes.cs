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
        }
    }

    public TransportNetwork Network => _network;

    public SignalGreens Greens => _greens;

    public double Drive(int edge) => _drive[edge];

    public double SpeedKmh(int edge) => _speed[edge] * 3.6;

    public TravelTimeBasis Basis(int edge) => _basis[edge];

    /// <summary>Expected seconds between reaching the stop line at the end of <paramref name="from"/> and entering <paramref name="to"/>.</summary>
    public double JunctionDelay(int from, int to, VehicleClass vehicle) =>
        !_greens.IsSignalised(from) ? 0
        : vehicle is VehicleClass.Emergency ? _options.PreemptionClearanceSeconds
        : UniformDelay(_greens.Cycle(from), _greens.GreenShare(from, to), _flowRatio[from]);

    /// <summary>The junction delay before the next road is known: the approach's typical movement.</summary>
    public double ApproachDelay(int edge, VehicleClass vehicle) =>
        !_greens.IsSignalised(edge) ? 0
        : vehicle is VehicleClass.Emergency ? _options.PreemptionClearanceSeconds
        : UniformDelay(_greens.Cycle(edge), _greens.ApproachGreenShare(edge), _flowRatio[edge]);

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
