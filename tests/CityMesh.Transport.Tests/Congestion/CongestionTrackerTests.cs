using CityMesh.Contracts.Transport;
using CityMesh.Transport.Congestion;
using CityMesh.Transport.Network;
using CityMesh.Transport.Tests.Support;

namespace CityMesh.Transport.Tests.Congestion;

public sealed class CongestionTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_intersection_is_congested_while_half_its_observed_approaches_are()
    {
        var network = JinanTwin.Network(_ => 600);
        var junction = network.Roads.Junctions.Single(j => j.Id == "intersection_1_1");
        var index = network.Roads.Junctions.ToList().IndexOf(junction);
        var approaches = network.Roads.Edges.Where(e => e.To == index).Select(e => e.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray();
        Assert.Equal(4, approaches.Length);
        var tracker = new CongestionTracker(new CongestionOptions { EnterReadings = 1, ExitReadings = 1 });

        IReadOnlyList<CongestionEvent> Read(int minute, params (string Road, double Speed, double Occupancy)[] readings) =>
            tracker.Observe(network, readings.Select(r => (r.Road, new RoadReading($"d-{r.Road}", 900, r.Speed, r.Occupancy, T0.AddMinutes(minute)))).ToList());

        // Every approach reports; one congested is not half.
        var first = Read(1, [.. approaches.Select((r, i) => (r, i == 0 ? 5.0 : 35.0, i == 0 ? 0.5 : 0.05))]);
        Assert.Equal(CongestionEvent.Road, Assert.Single(first).Kind);

        var second = Read(2, (approaches[1], 5, 0.5));
        Assert.Equal(2, second.Count);
        Assert.Equal(network.RoadEntityId(approaches[1]), second[0].Entity);
        var intersection = second[1];
        Assert.Equal((JinanTwin.Intersection("intersection_1_1"), CongestionEvent.Intersection, true), (intersection.Entity, intersection.Kind, intersection.Congested));
        Assert.Equal([network.RoadEntityId(approaches[0]), network.RoadEntityId(approaches[1])], intersection.Roads);
        Assert.Contains("intersection_1_1", tracker.CongestedIntersections.Keys);

        var cleared = Read(3, (approaches[0], 40, 0.05));
        Assert.Equal([false, false], cleared.Select(e => e.Congested));
        Assert.Equal(T0.AddMinutes(2), cleared[1].Since);
        Assert.Empty(tracker.CongestedIntersections);
    }
}
