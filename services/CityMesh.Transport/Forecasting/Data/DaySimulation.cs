using CityMesh.Simulation.Traffic.Edits;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Transport.Forecasting.Data;

/// <summary>
/// One simulated day of detector readings. The engine's network is fixed for a run, so the day is cut into pieces at
/// incident starts and ends: each piece runs the traffic engine on the network as it is then (closed lanes removed,
/// trips rerouted by <see cref="RoadClosures"/>, traffic passing the scene slowly), starting
/// <see cref="ForecastDataOptions.WarmUpSeconds"/> early with the trips departing then, so its roads carry traffic
/// when its readings start counting. Detectors are read as <c>SimulatedTraffic</c> reads them (lanes of the road:
/// vehicles, mean speed; flow = density × speed) every <see cref="ForecastDataOptions.SampleSeconds"/>, and each
/// 5-minute slot averages its samples.
/// </summary>
internal sealed class DaySimulation(TrafficNetwork network, IReadOnlyList<string> roads, ForecastDataOptions options)
{
    private const double SlotSeconds = ForecastDataSet.SlotMinutes * 60;

    /// <summary>Fills <paramref name="flow"/> and <paramref name="speed"/> (road-major, <see cref="ForecastDataSet.SlotsPerDay"/> per road).</summary>
    /// <param name="ct">Checked every step: a day takes seconds, and a server stopping must not wait for one.</param>
    public void Run(int day, IReadOnlyList<Trip> trips, IReadOnlyList<IncidentLabel> incidents, float[] flow, float[] speed, CancellationToken ct = default)
    {
        int slots = ForecastDataSet.SlotsPerDay;
        var flowSum = new double[roads.Count * slots];
        var speedSum = new double[roads.Count * slots];
        var vehicles = new double[roads.Count * slots];
        var samples = new int[roads.Count * slots];
        var limit = new double[roads.Count * slots];
        var cuts = incidents.SelectMany(i => new[] { i.StartMinute * 60.0, i.EndMinute * 60.0 }).Append(0).Append(86_400)
            .Where(c => c is >= 0 and <= 86_400).Distinct().Order().ToArray();
        for (int p = 0; p + 1 < cuts.Length; p++)
        {
            double from = cuts[p], to = cuts[p + 1];
            var active = incidents.Where(i => i.StartMinute * 60.0 <= from && from < i.EndMinute * 60.0).ToList();
            RunPiece(day, p, from, to, trips, active, flowSum, speedSum, vehicles, samples, limit, ct);
        }
        for (int k = 0; k < flowSum.Length; k++)
        {
            flow[k] = samples[k] > 0 ? (float)(flowSum[k] / samples[k]) : float.NaN;
            speed[k] = samples[k] == 0 ? float.NaN : vehicles[k] > 0 ? (float)(speedSum[k] / vehicles[k]) : (float)(limit[k] / samples[k]);
        }
    }

    private void RunPiece(int day, int piece, double from, double to, IReadOnlyList<Trip> trips, List<IncidentLabel> active,
        double[] flowSum, double[] speedSum, double[] vehicles, int[] samples, double[] limit, CancellationToken ct)
    {
        double start = Math.Max(0, from - options.WarmUpSeconds);
        var pieceTrips = new List<Trip>();
        foreach (var trip in trips)
            if (trip.Depart >= start && trip.Depart < to) pieceTrips.Add(trip with { Depart = trip.Depart - start });
        var demand = new TrafficDemand([VehicleType.DefaultCar], pieceTrips);
        var net = network;
        if (active.Count > 0)
        {
            var closures = active.Select(i => new LaneClosure(network.EdgeIndex[i.Road], i.ClosedLanes)).ToArray();
            var closed = RoadClosures.Apply(network, demand, closures);
            net = Slowed(closed.Network, active.Select(i => i.Road).ToHashSet(StringComparer.Ordinal));
            demand = closed.Demand;
        }
        var edgeOf = roads.Select(r => net.EdgeIndex.TryGetValue(r, out var e) ? e : -1).ToArray();
        var simulation = new TrafficSimulation(net, demand, new TrafficSimulationOptions
        {
            Seed = options.Seed * 1_000_003 + (ulong)day * 1_009 + (ulong)piece,
            EndTime = to - start,
            MaxDegreeOfParallelism = 1,
        });
        long sampleEvery = (long)Math.Round(options.SampleSeconds);
        while (simulation.Time < to - start - 1e-9)
        {
            ct.ThrowIfCancellationRequested();
            simulation.Step();
            double t = start + simulation.Time;
            long whole = (long)Math.Round(t);
            if (t <= from || Math.Abs(t - whole) > 1e-6 || whole % sampleEvery != 0) continue;
            int slot = Math.Min(ForecastDataSet.SlotsPerDay - 1, (int)((t - 1e-6) / SlotSeconds));
            for (int r = 0; r < roads.Count; r++)
            {
                if (edgeOf[r] < 0) continue;
                var edge = net.Edges[edgeOf[r]];
                int count = 0;
                double sum = 0;
                foreach (var lane in edge.Lanes)
                {
                    var reading = simulation.ReadLane(lane);
                    count += reading.Vehicles;
                    sum += reading.MeanSpeed * reading.Vehicles;
                }
                int k = r * ForecastDataSet.SlotsPerDay + slot;
                var meanSpeed = count > 0 ? sum / count : edge.SpeedLimit;
                flowSum[k] += count * meanSpeed / Math.Max(1, edge.Length) * 3600;
                speedSum[k] += sum * 3.6;
                vehicles[k] += count;
                limit[k] += edge.SpeedLimit * 3.6;
                samples[k]++;
            }
        }
    }

    /// <summary>Traffic passes an incident scene at walking-to-crawling speed: the road's remaining lanes get the incident limit.</summary>
    private TrafficNetwork Slowed(TrafficNetwork net, HashSet<string> incidentRoads)
    {
        var lanes = net.Lanes.ToArray();
        var edges = net.Edges.ToArray();
        for (int e = 0; e < edges.Length; e++)
        {
            if (!incidentRoads.Contains(edges[e].Id)) continue;
            edges[e] = edges[e] with { SpeedLimit = Math.Min(edges[e].SpeedLimit, options.IncidentSpeedLimit) };
            foreach (var l in edges[e].Lanes) lanes[l] = lanes[l] with { SpeedLimit = Math.Min(lanes[l].SpeedLimit, options.IncidentSpeedLimit) };
        }
        return new TrafficNetwork(edges, lanes, net.Junctions, net.Connections, net.Signals);
    }
}
