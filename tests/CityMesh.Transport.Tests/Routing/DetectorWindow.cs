using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Transport.Network;

namespace CityMesh.Transport.Tests.Routing;

/// <summary>
/// Detectors on every road of a running simulation, aggregated over a window as a roadside detector reports:
/// vehicles on the road's lanes each step (as the simulated sensors' SimulatedTraffic reads them), speed
/// averaged over vehicle-steps (space-mean speed), flow as density × speed, occupancy as covered lane length.
/// </summary>
internal sealed class DetectorWindow(TrafficNetwork network)
{
    private const double VehicleFootprint = 7.5;   // metres of lane per vehicle, length and gap

    private readonly double[] _vehicleSteps = new double[network.Edges.Count];
    private readonly double[] _speedSum = new double[network.Edges.Count];
    private int _steps;

    public void Observe(TrafficSimulation simulation)
    {
        for (var e = 0; e < network.Edges.Count; e++)
            foreach (var lane in network.Edges[e].Lanes)
            {
                var r = simulation.ReadLane(lane);
                _vehicleSteps[e] += r.Vehicles;
                _speedSum[e] += r.MeanSpeed * r.Vehicles;
            }
        _steps++;
    }

    public Dictionary<string, RoadReading> Readings(DateTimeOffset at)
    {
        var readings = new Dictionary<string, RoadReading>(StringComparer.Ordinal);
        for (var e = 0; e < network.Edges.Count; e++)
        {
            var edge = network.Edges[e];
            var vehicles = _vehicleSteps[e] / Math.Max(1, _steps);
            var speed = _vehicleSteps[e] > 0 ? _speedSum[e] / _vehicleSteps[e] : edge.SpeedLimit;
            readings[edge.Id] = new RoadReading($"detector_{edge.Id}", vehicles * speed / edge.Length * 3600, speed * 3.6,
                Math.Clamp(vehicles * VehicleFootprint / (edge.Length * edge.Lanes.Count), 0, 1), at);
        }
        return readings;
    }
}
