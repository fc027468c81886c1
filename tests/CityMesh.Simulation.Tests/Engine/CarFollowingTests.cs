using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Engine;

public sealed class CarFollowingTests
{
    [Fact]
    public void A_dense_single_lane_into_a_slow_section_never_closes_a_gap_below_the_minimum()
    {
        // 150 dawdling drivers with spread desired speeds, one per second, into a 5 m/s section: a shock wave.
        var network = TestNetworks.Straight(3, 400, lastSpeed: 5);
        var trips = Enumerable.Range(0, 150).Select(i => new Trip($"v{i}", 0, i, TestDemand.Route(network, "e0", "e1", "e2"))).ToArray();
        var demand = new TrafficDemand([VehicleType.DefaultCar], trips);
        var sim = new TrafficSimulation(network, demand, new TrafficSimulationOptions { Seed = 7 });
        var s = sim.State;
        var f = s.Fleet;
        float closest = float.MaxValue;
        int maxOnRoad = 0;
        while (!sim.IsFinished)
        {
            sim.Step();
            maxOnRoad = Math.Max(maxOnRoad, s.Inserted - s.Arrived);
            for (int lane = 0; lane < s.Roads.LaneCount; lane++)
            {
                for (int i = 1; i < s.Lanes.Count(lane); i++)
                {
                    int leader = s.Lanes.At(lane, i - 1), follower = s.Lanes.At(lane, i);
                    closest = Math.Min(closest, f.Position[leader] - f.Length[leader] - f.MinGap[follower] - f.Position[follower]);
                }
                // Across the junction: this lane's front vehicle behind the next lane's last one.
                if (lane + 1 < s.Roads.LaneCount && s.Lanes.Count(lane) > 0 && s.Lanes.Count(lane + 1) > 0)
                {
                    int front = s.Lanes.Front(lane), tail = s.Lanes.Back(lane + 1);
                    if (f.NextConnection[front] >= 0)
                        closest = Math.Min(closest, s.Roads.LaneLength[lane] + f.Position[tail] - f.Length[tail] - f.MinGap[front] - f.Position[front]);
                }
            }
        }

        Assert.True(closest >= -1e-3f, $"closest gap {closest} m");
        Assert.Equal(150, sim.Results.Summary.Arrived);
        Assert.True(maxOnRoad > 40, "the road should have been dense");
        Assert.True(sim.Results.Summary.MeanWaitingTime > 0, "the slow section should have queued vehicles");
    }

    [Fact]
    public void A_full_first_lane_queues_insertions_in_depart_order()
    {
        var network = TestNetworks.Straight(1, 300);
        var trips = Enumerable.Range(0, 10).Select(i => new Trip($"v{i}", 0, 0, [0], DepartSpeed: 0)).ToArray();
        var sim = new TrafficSimulation(network, TestDemand.Exact(trips), new TrafficSimulationOptions());

        sim.Step();
        var first = sim.Results.Summary;
        Assert.Equal(10, first.TripsDue);
        Assert.Equal(1, first.Inserted);
        Assert.Equal(9, first.WaitingToInsert);

        var results = sim.Run();
        Assert.Equal(10, results.Summary.Arrived);
        var insertions = results.Trips.Select(t => t.Insertion).ToArray();
        Assert.Equal(insertions.Order().ToArray(), insertions);
        Assert.Equal(insertions.Length, insertions.Distinct().Count());
        Assert.True(results.Trips[^1].InsertionDelay >= 9, "the last one waited for nine earlier ones");
        Assert.True(results.Summary.MeanInsertionDelay > 0);
    }
}
