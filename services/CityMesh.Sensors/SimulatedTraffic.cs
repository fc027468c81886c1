using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Sensors;

/// <summary>What a detector on one road reads from the running traffic simulation.</summary>
/// <param name="Intensity">Vehicles per hour passing (density × speed over the road's lanes).</param>
/// <param name="Speed">Mean speed of the vehicles on the road, km/h; the limit when it is empty.</param>
/// <param name="Occupancy">Share of the road's lane length covered by vehicles and their gaps, 0..1.</param>
public readonly record struct SimulatedDetectorReading(double Intensity, double Speed, double Occupancy, int Halting);

/// <summary>
/// The city's traffic, simulated: the road network the city was seeded from runs the traffic engine with its demand
/// (a CityFlow flow, SUMO routes), one-hour episodes back to back (the flow files are one-hour episodes; each new
/// episode starts empty with the next seed). The telemetry simulator advances it to the city clock each round and reads its detectors from
/// the lanes of their roads, so detector readings come from vehicles rather than from daily profiles.
/// </summary>
public sealed class SimulatedTraffic
{
    /// <summary>Metres of lane a vehicle occupies, length and gap (CityFlow's 5 m car and 2.5 m min gap).</summary>
    private const double VehicleFootprint = 7.5;

    private readonly TrafficNetwork _network;
    private readonly TrafficDemand _demand;
    private readonly ulong _seed;
    private readonly double _episode;
    private TrafficSimulation _simulation;
    private double _episodeStart;
    private int _episodes;

    /// <summary>A CityFlow roadnet and flow.</summary>
    public SimulatedTraffic(string roadnetPath, string flowPath, int seed, double episodeSeconds = 3600)
        : this(TrafficInputs.FromCityFlow(roadnetPath, flowPath), seed, episodeSeconds)
    {
    }

    /// <summary>A network and its demand read by <see cref="TrafficInputs"/> (SUMO's files, CityFlow's).</summary>
    public SimulatedTraffic(TrafficInputs inputs, int seed, double episodeSeconds = 3600)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodeSeconds, 60);
        _network = inputs.Network;
        _demand = inputs.Demand;
        _seed = (ulong)(uint)seed;
        _episode = episodeSeconds;
        _simulation = NewEpisode();
    }

    /// <summary>Simulated seconds since the feed started.</summary>
    public double Time => _episodeStart + _simulation.Time;

    public int Episodes => _episodes;

    public TrafficNetwork Network => _network;

    /// <summary>
    /// Steps the simulation until it has caught up with <paramref name="seconds"/> since the feed started. Whole
    /// episodes the clock has left behind (a high time acceleration) are skipped, not replayed: the feed starts the
    /// episode the clock is in, so a round never costs more than one episode of steps.
    /// </summary>
    public void AdvanceTo(double seconds)
    {
        if (seconds >= _episodeStart + 2 * _episode)
        {
            _episodeStart = Math.Floor(seconds / _episode) * _episode;
            _simulation = NewEpisode();
        }
        while (Time < seconds)
        {
            if (_simulation.Time >= _episode)
            {
                _episodeStart += _simulation.Time;
                _simulation = NewEpisode();
            }
            _simulation.Step();
        }
    }

    /// <summary>
    /// The detector on <paramref name="roadId"/>, the local id of its RoadSegment (the network's road id, escaped where
    /// a URN needs it: <see cref="EntityIds.LocalIdOf"/>); false when the network has no such road.
    /// </summary>
    public bool TryRead(string roadId, out SimulatedDetectorReading reading)
    {
        reading = default;
        if (!_network.EdgeIndex.TryGetValue(EntityIds.NetworkIdOf(roadId), out var edgeIndex)) return false;
        var edge = _network.Edges[edgeIndex];
        int vehicles = 0, halting = 0;
        double speedSum = 0;
        foreach (var lane in edge.Lanes)
        {
            var r = _simulation.ReadLane(lane);
            vehicles += r.Vehicles;
            halting += r.Halting;
            speedSum += r.MeanSpeed * r.Vehicles;
        }
        var speed = vehicles > 0 ? speedSum / vehicles : edge.SpeedLimit;
        var laneMetres = edge.Length * Math.Max(1, edge.Lanes.Count);
        reading = new SimulatedDetectorReading(
            Intensity: vehicles * speed / Math.Max(1, edge.Length) * 3600,
            Speed: speed * 3.6,
            Occupancy: Math.Clamp(vehicles * VehicleFootprint / laneMetres, 0, 1),
            Halting: halting);
        return true;
    }

    private TrafficSimulation NewEpisode()
    {
        var simulation = new TrafficSimulation(_network, _demand, new TrafficSimulationOptions
        {
            Seed = _seed + (ulong)_episodes,
            EndTime = _episode,
            ProgressInterval = _episode,
        });
        _episodes++;
        return simulation;
    }
}
