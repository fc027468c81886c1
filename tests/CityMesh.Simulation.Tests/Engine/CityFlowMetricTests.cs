using CityMesh.Simulation.Traffic.Engine;

namespace CityMesh.Simulation.Tests.Engine;

/// <summary>CityFlow's average travel time at a time, computed by hand on a few trips.</summary>
public sealed class CityFlowMetricTests
{
    private static TripRecord Trip(double depart, double arrival, TripStatus status) =>
        new("t", depart, depart, 0, arrival, arrival - depart, 0, 0, 100, status);

    [Fact]
    public void Vehicles_due_by_the_time_count_what_they_spent_so_far_and_later_ones_not_at_all()
    {
        TripRecord[] trips =
        [
            Trip(0, 100, TripStatus.Arrived),          // arrived before: 100
            Trip(50, 400, TripStatus.Arrived),         // arrives after 300: counts 300 − 50 = 250
            Trip(200, double.NaN, TripStatus.Running), // still driving: 100
            Trip(250, double.NaN, TripStatus.WaitingToInsert), // never entered yet: 50
            Trip(301, 350, TripStatus.Arrived),        // not due by 300: left out
        ];
        Assert.Equal((100 + 250 + 100 + 50) / 4.0, CityFlowMetric.AverageTravelTime(trips, 300), 9);
        Assert.Equal(0, CityFlowMetric.AverageTravelTime([], 300));
        // At the end of everything it is the mean trip time over all, as a mean over arrived trips would be.
        Assert.Equal((100 + 350 + 49) / 3.0, CityFlowMetric.AverageTravelTime([trips[0], trips[1], trips[4]], 1000), 9);
    }
}
