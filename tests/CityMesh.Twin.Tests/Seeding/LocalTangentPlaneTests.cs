using CityMesh.Contracts.Geo;
using CityMesh.Limits.Settings;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Seeding;

namespace CityMesh.Twin.Tests.Seeding;

public sealed class LocalTangentPlaneTests
{
    private static readonly LocalTangentPlane Jinan = new(CityOptions.JinanAnchorLatitude, CityOptions.JinanAnchorLongitude);

    [Fact]
    public void Should_Return_The_Same_Metres_After_A_Round_Trip_Through_WGS84()
    {
        var worst = 0.0;
        for (var east = -5000.0; east <= 5000; east += 250)
        {
            for (var north = -5000.0; north <= 5000; north += 250)
            {
                var (e, n) = Jinan.ToLocal(Jinan.ToWgs84(east, north));
                worst = Math.Max(worst, Math.Max(Math.Abs(e - east), Math.Abs(n - north)));
            }
        }
        Assert.True(worst < 0.01, $"round trip drifted {worst} m");
    }

    [Fact]
    public void Should_Use_The_WGS84_Radii_Of_Curvature()
    {
        // Textbook values: on the equator N = a and M = a(1 - e²); at the pole both are a² / b.
        var equator = new LocalTangentPlane(0, 0);
        Assert.Equal(6378137.0, equator.PrimeVerticalRadius, 3);
        Assert.Equal(6335439.327, equator.MeridianRadius, 3);
        var nearPole = new LocalTangentPlane(89.999999, 0);
        Assert.Equal(6399593.626, nearPole.PrimeVerticalRadius, 3);
        Assert.Equal(6399593.626, nearPole.MeridianRadius, 2);
        // At Jinan, M lies between the two and below N.
        Assert.InRange(Jinan.MeridianRadius, 6_350_000, 6_360_000);
        Assert.True(Jinan.MeridianRadius < Jinan.PrimeVerticalRadius);
    }

    [Fact]
    public void Should_Place_The_Origin_On_The_Anchor_And_Metres_At_True_Distances()
    {
        var origin = Jinan.ToWgs84(0, 0);
        Assert.Equal(CityOptions.JinanAnchorLongitude, origin.Longitude, 12);
        Assert.Equal(CityOptions.JinanAnchorLatitude, origin.Latitude, 12);

        // A kilometre east and north, measured on the sphere PostGIS uses, agrees within the sphere's own error (0.5 %).
        var east = Jinan.ToWgs84(1000, 0);
        var north = Jinan.ToWgs84(0, 1000);
        Assert.InRange(GeoMath.HaversineMetres(origin, east), 995, 1005);
        Assert.InRange(GeoMath.HaversineMetres(origin, north), 995, 1005);
        Assert.True(east.Longitude > origin.Longitude && north.Latitude > origin.Latitude);
    }

    [Theory]
    [InlineData(90, 0)]
    [InlineData(-91, 0)]
    [InlineData(double.NaN, 0)]
    [InlineData(36, 181)]
    public void Should_Refuse_An_Anchor_Off_The_Globe(double latitude, double longitude) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalTangentPlane(latitude, longitude));
}
