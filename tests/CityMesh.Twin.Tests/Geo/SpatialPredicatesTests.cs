using CityMesh.Contracts.Geo;
using CityMesh.Twin.Geo;

namespace CityMesh.Twin.Tests.Geo;

public sealed class SpatialPredicatesTests
{
    private static readonly Polygon Square = new([[new(0, 0), new(1, 0), new(1, 1), new(0, 1), new(0, 0)]]);

    private static readonly Polygon Donut = new([
        [new(0, 0), new(1, 0), new(1, 1), new(0, 1), new(0, 0)],
        [new(0.25, 0.25), new(0.75, 0.25), new(0.75, 0.75), new(0.25, 0.75), new(0.25, 0.25)],
    ]);

    /// <summary>An L shape: a line from one arm to the other leaves the area although both ends are inside.</summary>
    private static readonly Polygon Ell = new([[new(0, 0), new(2, 0), new(2, 1), new(1, 1), new(1, 2), new(0, 2), new(0, 0)]]);

    [Fact]
    public void Haversine_Should_Match_A_Known_Distance()
    {
        // One degree of latitude on the PostGIS sphere.
        Assert.Equal(111_195.08, GeoMath.HaversineMetres(117, 36, 117, 37), 0);
    }

    [Fact]
    public void Within_Should_Honour_Holes_And_Concave_Areas()
    {
        Assert.True(SpatialPredicates.Within(new Point(0.1, 0.1), Donut));
        Assert.False(SpatialPredicates.Within(new Point(0.5, 0.5), Donut));
        Assert.True(SpatialPredicates.Within(new LineString([new(0.1, 0.1), new(0.9, 0.1)]), Square));
        Assert.False(SpatialPredicates.Within(new LineString([new(1.8, 0.5), new(0.5, 1.8)]), Ell));
        Assert.False(SpatialPredicates.Within(new Point(2, 2), Square));
    }

    [Fact]
    public void Intersects_Should_Detect_Crossing_Touching_And_Containment()
    {
        Assert.True(SpatialPredicates.Intersects(new LineString([new(-1, 0.5), new(2, 0.5)]), Square));
        Assert.True(SpatialPredicates.Intersects(new Point(0.5, 0.5), Square));
        Assert.True(SpatialPredicates.Intersects(new LineString([new(0, 0), new(2, 2)]), new LineString([new(0, 2), new(2, 0)])));
        Assert.True(SpatialPredicates.Intersects(new Point(1, 1), new LineString([new(0, 0), new(2, 2)])));
        Assert.False(SpatialPredicates.Intersects(new LineString([new(2, 2), new(3, 3)]), Square));
        Assert.False(SpatialPredicates.Intersects(new Point(0.5, 0.5), Donut));
    }

    [Fact]
    public void Distance_Should_Be_Zero_Inside_An_Area_And_Perpendicular_To_A_Line()
    {
        Assert.Equal(0, SpatialPredicates.DistanceMetres(new(0.5, 0.1), Square));
        var line = new LineString([new(117.0, 36.0), new(117.0, 36.1)]);
        var east = new Position(117.001, 36.05);
        var expected = 0.001 * GeoMath.MetresPerDegreeLatitude * Math.Cos(36.05 * Math.PI / 180);
        Assert.Equal(expected, SpatialPredicates.DistanceMetres(east, line), 0);
    }
}
