using CityMesh.Contracts.Geo;
using CityMesh.Health.Dispatch;
using CityMesh.Health.Twin;
using CityMesh.Simulation;

namespace CityMesh.Health.Tests.Dispatch;

public sealed class SimulatedCallsTests
{
    [Fact]
    public void Calls_arrive_at_the_rate_set_as_a_poisson_process()
    {
        // 2,000 hours at 6 calls an hour: 12,000 expected, a standard deviation of about 110 (0.9 %).
        const double perHour = 6;
        const int hours = 2000;
        var counts = new int[hours];
        var t = 0.0;
        foreach (var gap in SimulatedCalls.Gaps(42, perHour))
        {
            t += gap;
            if (t >= hours) break;
            counts[(int)t]++;
        }
        var mean = counts.Average();
        Assert.InRange(mean, perHour * 0.97, perHour * 1.03);
        // Poisson: the variance of the hourly count equals its mean (within 10 % over 2,000 hours).
        var variance = counts.Sum(c => (c - mean) * (c - mean)) / (hours - 1);
        Assert.InRange(variance / mean, 0.9, 1.1);
    }

    [Fact]
    public void The_seed_fixes_the_arrivals()
    {
        Assert.Equal(SimulatedCalls.Gaps(7, 10).Take(50), SimulatedCalls.Gaps(7, 10).Take(50));
        Assert.NotEqual(SimulatedCalls.Gaps(7, 10).Take(50), SimulatedCalls.Gaps(8, 10).Take(50));
    }

    [Fact]
    public void A_call_comes_from_a_place_on_one_of_the_citys_streets()
    {
        RoadLine[] roads =
        [
            new("urn:ngsi-ld:RoadSegment:jinan:r1", [new Position(117.00, 36.65), new Position(117.01, 36.65), new Position(117.01, 36.66)]),
            new("urn:ngsi-ld:RoadSegment:jinan:r2", [new Position(117.05, 36.70), new Position(117.06, 36.71)]),
        ];
        var random = new SeededRandom(3);
        var seen = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var place = SimulatedCalls.PlaceOn(roads, random)!.Value;
            var road = roads.Single(r => Enumerable.Range(1, r.Points.Count - 1).Any(k => GeoMath.PointToSegmentMetres(place, r.Points[k - 1], r.Points[k]) < 0.5));
            seen.Add(road.Id);
        }
        Assert.Equal(2, seen.Count);
        Assert.Null(SimulatedCalls.PlaceOn([], random));
    }
}
