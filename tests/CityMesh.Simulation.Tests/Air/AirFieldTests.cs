using System.Text.Json;
using CityMesh.Simulation.Air.Field;
using CityMesh.Simulation.Air.Index;

namespace CityMesh.Simulation.Tests.Air;

public sealed class AirFieldTests
{
    private static readonly LocalMetres Metres = new(117.02, 36.66);

    private static AirStationValue At(string id, double x, double y, double value)
    {
        var p = Metres.ToGeo(x, y);
        return new AirStationValue(id, p.Longitude, p.Latitude, value);
    }

    [Fact]
    public void The_field_passes_through_stations_and_weighs_by_inverse_squared_distance()
    {
        var field = new AirField([At("a", 0, 0, 10), At("b", 1000, 0, 40), At("c", 0, 5000, double.NaN)]);
        Assert.Equal(2, field.Stations.Count); // the NaN station is left out
        var a = Metres.ToGeo(0, 0);
        Assert.Equal(10, field.ValueAt(a.Longitude, a.Latitude), 1e-9);
        var mid = Metres.ToGeo(500, 0);
        Assert.Equal(25, field.ValueAt(mid.Longitude, mid.Latitude), 1e-6);
        // At 250 m from a and 750 m from b: weights 1/250² and 1/750², i.e. 9 : 1.
        var quarter = Metres.ToGeo(250, 0);
        Assert.Equal((9 * 10 + 40) / 10.0, field.ValueAt(quarter.Longitude, quarter.Latitude), 1e-3);
        Assert.Equal(40, field.NearestValue(Metres.ToGeo(900, 0).Longitude, Metres.ToGeo(900, 0).Latitude));
    }

    [Fact]
    public void Beyond_the_radius_the_field_has_no_value()
    {
        var field = new AirField([At("a", 0, 0, 10)], new AirFieldOptions { RadiusMetres = 500 });
        var far = Metres.ToGeo(800, 0);
        Assert.True(double.IsNaN(field.ValueAt(far.Longitude, far.Latitude)));
        var e = Assert.Throws<ArgumentException>(() => new AirField([At("a", 0, 0, 10)], new AirFieldOptions { Power = -1 }));
        Assert.Contains("Power", e.Message);
    }

    [Fact]
    public void Leave_one_out_predicts_each_station_from_the_others()
    {
        // On a plane v = x / 100, the middle station is the mean of its two equidistant neighbours: exact.
        var stations = new[] { At("w", -1000, 0, -10), At("m", 0, 0, 0), At("e", 1000, 0, 10) };
        var result = AirField.LeaveOneOut(stations);
        Assert.Equal(3, result.Count);
        var middle = result.Single(r => r.Station.Station == "m");
        Assert.Equal(0, middle.Interpolated, 1e-6);
        Assert.Equal(0, result.Single(r => r.Station.Station == "e").Nearest); // m is nearer to e than w
    }

    [Fact]
    public void Road_proximity_decays_exponentially_from_the_segment()
    {
        var road = new RoadProximity([new RoadSegment(Metres.ToGeo(-1000, 0), Metres.ToGeo(1000, 0), 2)], 150);
        var on = Metres.ToGeo(300, 0);
        var off = Metres.ToGeo(300, 150);
        var beyondEnd = Metres.ToGeo(1300, 0); // 300 m past the end: distance to the end point
        Assert.Equal(2, road.ValueAt(on.Longitude, on.Latitude), 1e-6);
        Assert.Equal(2 * Math.Exp(-1), road.ValueAt(off.Longitude, off.Latitude), 1e-3);
        Assert.Equal(2 * Math.Exp(-2), road.ValueAt(beyondEnd.Longitude, beyondEnd.Latitude), 1e-3);
    }

    [Fact]
    public void With_a_covariate_the_field_follows_the_trend_the_stations_share_and_still_passes_through_them()
    {
        // Stations read exactly 20 + 40 × proximity: the fitted trend is that line and the residuals are zero, so the
        // field is 20 + 40 × proximity everywhere, a roadside peak included where no station stands.
        var road = new RoadProximity([new RoadSegment(Metres.ToGeo(-3000, 0), Metres.ToGeo(3000, 0))], 200);
        double Truth(double x, double y) { var p = Metres.ToGeo(x, y); return 20 + 40 * road.ValueAt(p.Longitude, p.Latitude); }
        var stations = new[] { (-2000.0, 50.0), (-500, 400), (800, -150), (1500, 900), (2500, -600) }
            .Select((p, i) => At($"s{i}", p.Item1, p.Item2, Truth(p.Item1, p.Item2))).ToArray();
        var field = new AirField(stations, covariate: road);
        Assert.Equal(20, field.TrendIntercept, 1e-6);
        Assert.Equal(40, field.TrendSlope, 1e-6);
        var kerb = Metres.ToGeo(0, 0);
        Assert.Equal(60, field.ValueAt(kerb.Longitude, kerb.Latitude), 1e-6);
        var plain = new AirField(stations);
        Assert.True(plain.ValueAt(kerb.Longitude, kerb.Latitude) < 50, "plain IDW cannot put the peak where no station is");
        var s3 = Metres.ToGeo(1500, 900);
        Assert.Equal(stations[3].Value, field.ValueAt(s3.Longitude, s3.Latitude), 1e-9);
    }

    [Fact]
    public void A_layer_has_a_banded_cell_per_square_and_writes_as_GeoJSON()
    {
        var field = new AirField([At("a", 0, 0, 10), At("b", 2000, 2000, 80)]);
        var sw = Metres.ToGeo(0, 0);
        var ne = Metres.ToGeo(2000, 1000);
        var grid = AirGrid.Build(field, "pm25", new GeoBox(sw.Longitude, sw.Latitude, ne.Longitude, ne.Latitude), 250, AirIndex.Default);
        Assert.Equal((4, 8), (grid.Rows, grid.Columns));
        Assert.Equal(32, grid.Cells.Count);
        Assert.Equal("Good", grid.Cells[0].BandName); // by station a
        Assert.All(grid.Cells, c => Assert.Equal(AirIndex.Default.Bands[c.Band!.Value].Colour, c.Colour));
        using var json = JsonDocument.Parse(AirGeoJson.ToJson(grid));
        var features = json.RootElement.GetProperty("features");
        Assert.Equal("FeatureCollection", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(32, features.GetArrayLength());
        var ring = features[0].GetProperty("geometry").GetProperty("coordinates")[0];
        Assert.Equal(5, ring.GetArrayLength());
        Assert.Equal(ring[0].ToString(), ring[4].ToString()); // closed ring
        Assert.Equal(grid.Cells[0].Colour, features[0].GetProperty("properties").GetProperty("colour").GetString());
        var e = Assert.Throws<ArgumentException>(() => AirGrid.Build(field, "pm25", new GeoBox(1, 1, 0, 2), 100));
        Assert.Contains("box.West", e.Message);
    }
}
