using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Engine;

public sealed class FreeRoadTests
{
    [Fact]
    public void A_lone_vehicle_reaches_the_limit_and_takes_length_over_speed_plus_the_acceleration_loss()
    {
        const double limit = 13.89, segment = 500;
        var network = TestNetworks.Straight(2, segment, speed: limit);
        var car = TestDemand.ExactCar;
        var demand = TestDemand.Exact(new Trip("solo", 0, 0, TestDemand.Route(network, "e0", "e1"), DepartSpeed: 0));
        var sim = new TrafficSimulation(network, demand, new TrafficSimulationOptions { Seed = 1 });

        float fastest = 0;
        while (!sim.IsFinished)
        {
            sim.Step();
            if (sim.State.Fleet.Status[0] == VehicleStatus.Running) fastest = Math.Max(fastest, sim.State.Fleet.Speed[0]);
        }

        Assert.Equal(limit, fastest, 3);
        var trip = sim.Results.Trips[0];
        // The front starts one length in (back at the lane start) and arrives when it passes the end; reaching v
        // from rest at a costs v/2a over driving at v throughout.
        double expected = (2 * segment - car.Length) / limit + limit / (2 * car.Accel);
        Assert.InRange(trip.Duration, expected - 1.0, expected + 1.5);
        Assert.Equal(0, trip.WaitingTime);
        Assert.Equal(0, trip.InsertionDelay);
        // The distance driven, SUMO's routeLength: from where the front starts to the end (no path across the junction here).
        Assert.Equal(2 * segment - car.Length, trip.RouteLength, 3);
    }

    [Fact]
    public void The_detector_feed_counts_the_vehicles_on_each_lane_as_the_run_goes()
    {
        var network = TestNetworks.Straight(3, 300);
        var trips = Enumerable.Range(0, 20).Select(i => new Trip($"v{i}", 0, i * 3, TestDemand.Route(network, "e0", "e1", "e2"))).ToArray();
        var sim = new TrafficSimulation(network, TestDemand.Exact(trips), new TrafficSimulationOptions { EndTime = 60 });
        var readings = new LaneReading[network.Lanes.Count];
        for (int step = 0; step < 40; step++)
        {
            sim.Step();
            sim.ReadLanes(readings);
            int running = sim.State.Inserted - sim.State.Arrived;
            // Readings describe the vehicles moved in the step; transfers after the move keep the total.
            Assert.Equal(running, readings.Sum(r => r.Vehicles));
            Assert.All(readings, r => Assert.InRange(r.MeanSpeed, 0f, 13.89f + 1e-3f));
        }
        Assert.True(sim.ReadLane(0).Vehicles + sim.ReadLane(1).Vehicles > 0);
    }
}
