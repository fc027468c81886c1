using CityMesh.Contracts.Geo;
using CityMesh.Twin.Geo;

namespace CityMesh.Twin.Tests.Geo;

public sealed class GeoJsonTests
{
    [Theory]
    [InlineData("""{"type":"Point","coordinates":[117.02,36.66]}""")]
    [InlineData("""{"type":"Point","coordinates":[117.02,36.66,12.5]}""")]
    [InlineData("""{"type":"LineString","coordinates":[[117.05,36.6],[117.1,36.7]]}""")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]],[[0.2,0.2],[0.4,0.2],[0.4,0.4],[0.2,0.2]]]}""")]
    [InlineData("""{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}""")]
    [InlineData("""{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[5,6],[7,8]]]}""")]
    [InlineData("""{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}""")]
    public void Should_Round_Trip_Every_Geometry_Type(string json) => Assert.Equal(json, GeoJson.Write(GeoJson.Parse(json)));

    [Theory]
    [InlineData("""{"type":"Point","coordinates":[117.02,96]}""", "geometry.coordinates[1]", "latitude")]
    [InlineData("""{"type":"Point","coordinates":[181,36]}""", "geometry.coordinates[0]", "longitude")]
    [InlineData("""{"type":"Point","coordinates":[1]}""", "geometry.coordinates", "2 or 3")]
    [InlineData("""{"type":"Point","coordinates":["a",1]}""", "geometry.coordinates[0]", "finite number")]
    [InlineData("""{"type":"LineString","coordinates":[[1,2]]}""", "geometry.coordinates", "at least 2")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}""", "geometry.coordinates[0]", "closed")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}""", "geometry.coordinates[0]", "at least 4")]
    [InlineData("""{"type":"Circle","coordinates":[1,2]}""", "geometry.type", "not supported")]
    [InlineData("""{"coordinates":[1,2]}""", "geometry.type", "required")]
    [InlineData("""{"type":"Point"}""", "geometry.coordinates", "required")]
    [InlineData("""[1,2]""", "geometry", "object")]
    [InlineData("""{"type":"Point",""", "geometry", "not valid JSON")]
    public void Should_Reject_Invalid_Geometry_Naming_The_Field(string json, string field, string reason)
    {
        var e = Assert.Throws<GeoJsonException>(() => GeoJson.Parse(json));
        Assert.Equal(field, e.Field);
        Assert.Contains(reason, e.Reason);
    }

    [Fact]
    public void Should_Read_Query_Coordinates_By_Type()
    {
        var polygon = Assert.IsType<Polygon>(GeoJson.FromCoordinates("Polygon", "[[[0,0],[1,0],[1,1],[0,0]]]"));
        Assert.Equal(4, polygon.Rings[0].Length);
        Assert.Throws<GeoJsonException>(() => GeoJson.FromCoordinates("Hexagon", "[1,2]"));
    }
}
