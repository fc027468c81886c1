using CityMesh.Simulation.Geo;
using CityMesh.Contracts.Geo;
using CityMesh.Twin.Geo;

namespace CityMesh.Twin.Tests.Geo;

public sealed class UtmGeoreferenceTests
{
    private const string A10Projection = "+proj=utm +zone=33 +ellps=WGS84 +datum=WGS84 +units=m +no_defs";

    /// <summary>
    /// The length of the meridian from the equator to <paramref name="latitude"/> on WGS84, by Helmert's series in
    /// the eccentricity to e⁶ (good to a millimetre): on its central meridian UTM's northing is this times 0.9996.
    /// </summary>
    private static double MeridianArc(double latitude)
    {
        const double a = 6378137.0, f = 1 / 298.257223563;
        var e2 = f * (2 - f);
        var (e4, e6) = (e2 * e2, e2 * e2 * e2);
        var phi = latitude * Math.PI / 180;
        return a * ((1 - e2 / 4 - 3 * e4 / 64 - 5 * e6 / 256) * phi
                    - (3 * e2 / 8 + 3 * e4 / 32 + 45 * e6 / 1024) * Math.Sin(2 * phi)
                    + (15 * e4 / 256 + 45 * e6 / 1024) * Math.Sin(4 * phi)
                    - 35 * e6 / 3072 * Math.Sin(6 * phi));
    }

    [Fact]
    public void The_central_meridian_has_the_false_easting_and_its_northing_is_the_scaled_meridian_arc()
    {
        var zone33 = new UtmGeoreference(33, north: true);

        // Zone 33's central meridian is 15° E.
        var origin = zone33.ToWgs84(500_000, 0);
        Assert.Equal(15, origin.Longitude, 9);
        Assert.Equal(0, origin.Latitude, 9);

        var (easting, northing) = zone33.ToPlane(new Position(15, 52.3));
        Assert.Equal(500_000, easting, tolerance: 0.001);
        Assert.Equal(0.9996 * MeridianArc(52.3), northing, tolerance: 0.001);
    }

    [Fact]
    public void The_southern_hemisphere_counts_northings_from_ten_thousand_kilometres()
    {
        var south = UtmGeoreference.FromProj("+proj=utm +zone=23 +south +ellps=WGS84 +units=m");
        Assert.False(south.North);

        // Zone 23's central meridian is 45° W; 23.5° S is near São Paulo.
        var (easting, northing) = south.ToPlane(new Position(-45, -23.5));
        Assert.Equal(500_000, easting, tolerance: 0.001);
        Assert.Equal(10_000_000 - 0.9996 * MeridianArc(23.5), northing, tolerance: 0.001);
        var back = south.ToWgs84(easting, northing);
        Assert.Equal(-23.5, back.Latitude, 9);
    }

    [Fact]
    public void A_network_offset_shifts_the_plane_as_SUMO_shifts_its_networks()
    {
        var shifted = UtmGeoreference.FromProj(A10Projection, -402_990.32, -5_794_389.48);
        var zone33 = new UtmGeoreference(33, north: true);

        var a = shifted.ToWgs84(1500, 1600);
        var b = zone33.ToWgs84(1500 + 402_990.32, 1600 + 5_794_389.48);
        Assert.Equal(b.Longitude, a.Longitude, 12);
        Assert.Equal(b.Latitude, a.Latitude, 12);
        // The A10 junction at net (1500, 1600) lies south-east of Berlin, near Königs Wusterhausen.
        Assert.InRange(a.Latitude, 52.29, 52.32);
        Assert.InRange(a.Longitude, 13.57, 13.64);
    }

    [Fact]
    public void A_round_trip_returns_the_same_metres()
    {
        var plane = UtmGeoreference.FromProj(A10Projection, -402_990.32, -5_794_389.48);
        var worst = 0.0;
        for (var x = -2000.0; x <= 6000; x += 500)
        {
            for (var y = -2000.0; y <= 6000; y += 500)
            {
                var (px, py) = plane.ToPlane(plane.ToWgs84(x, y));
                worst = Math.Max(worst, Math.Max(Math.Abs(px - x), Math.Abs(py - y)));
            }
        }
        Assert.True(worst < 0.001, $"round trip drifted {worst} m");
    }

    [Fact]
    public void Reads_the_zone_and_hemisphere_of_a_UTM_PROJ_string()
    {
        var a10 = UtmGeoreference.FromProj(A10Projection);
        Assert.Equal((33, true), (a10.Zone, a10.North));
        var minimal = UtmGeoreference.FromProj("  +proj=utm   +zone=1 +type=crs ");
        Assert.Equal((1, true), (minimal.Zone, minimal.North));
    }

    [Theory]
    [InlineData("+proj=merc +ellps=WGS84", "+proj=merc is not UTM")]
    [InlineData("+proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000", "+proj=tmerc is not UTM")]
    [InlineData("+ellps=WGS84 +zone=33", "names no projection (+proj)")]
    [InlineData("+proj=utm +ellps=WGS84", "+zone= is not a UTM zone (1 to 60)")]
    [InlineData("+proj=utm +zone=61", "+zone=61 is not a UTM zone (1 to 60)")]
    [InlineData("+proj=utm +zone=33 +ellps=bessel", "+ellps=bessel is not a parameter CityMesh can honour")]
    [InlineData("+proj=utm +zone=33 +datum=potsdam", "+datum=potsdam is not a parameter CityMesh can honour")]
    [InlineData("+proj=utm +zone=33 +towgs84=598.1,73.7,418.2", "+towgs84=598.1,73.7,418.2 is not a parameter CityMesh can honour")]
    [InlineData("+proj=utm +zone=33 +units=us-ft", "+units=us-ft is not a parameter CityMesh can honour")]
    [InlineData("+proj=utm +zone=33 +zone=34", "+zone is given twice")]
    [InlineData("proj=utm zone=33", "'proj=utm' is not a PROJ parameter")]
    public void Refuses_what_is_not_UTM_on_WGS84_saying_what(string proj, string expected)
    {
        var e = Assert.Throws<FormatException>(() => UtmGeoreference.FromProj(proj));
        Assert.Contains(expected, e.Message);
    }
}
