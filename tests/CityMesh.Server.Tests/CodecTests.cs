using System.Text;
using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;

namespace CityMesh.Server.Tests;

/// <summary>NgsiLdCodec without HTTP: reading, writing, and the errors it names.</summary>
public sealed class CodecTests
{
    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static Entity Read(string json, LdContext? context = null) => NgsiLdCodec.ReadEntity(Parse(json), context ?? LdContext.CityMesh);

    private static NgsiProblem ReadFails(string json)
    {
        var e = Assert.Throws<NgsiProblemException>(() => Read(json));
        return e.Problem;
    }

    [Fact]
    public void Reads_every_part_of_an_entity()
    {
        var entity = Read(Ngsi.RoadSegment("urn:ngsi-ld:RoadSegment:zurich:1", extra: """
            "lit": {"type": "Property", "value": true},
            "surface": {"type": "Property", "value": {"material": "asphalt", "layers": [1, 2]}},
            "status": {"type": "Property", "value": "planned"},
            "appearance": {"type": "Property", "value": "models/segment.glb"},
            "createdAt": "2020-01-01T00:00:00Z"
            """));
        Assert.Equal("urn:ngsi-ld:RoadSegment:zurich:1", entity.Id);
        Assert.Equal("RoadSegment", entity.Type);
        Assert.Equal(EntityCategory.BuildingOrStructure, entity.Category);
        // status is data: an ordinary property, as sent.
        Assert.Equal(TwinValue.Of("planned"), entity.Properties["status"].Value);
        Assert.Equal("models/segment.glb", entity.AppearanceRef);
        var line = Assert.IsType<LineString>(entity.Location);
        Assert.Equal(new Position(8.55, 47.38), line.Coordinates[1]);
        var speed = entity.Properties["speed"];
        Assert.Equal(TwinValue.Of(42.5), speed.Value);
        Assert.Equal("KMH", speed.UnitCode);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero), speed.ObservedAt);
        Assert.Equal(TwinValue.Of("Bahnhofstrasse"), entity.Properties["name"].Value);
        Assert.Equal(TwinValue.Of(true), entity.Properties["lit"].Value);
        Assert.Equal(TwinValueKind.Json, entity.Properties["surface"].Value.Kind);
        Assert.Equal("urn:ngsi-ld:Intersection:test:1", entity.Relationships["refIntersection"].Object);
        Assert.Null(entity.CreatedAt);
    }

    [Fact]
    public void Normalized_write_reads_back_to_the_same_entity()
    {
        var original = Read(Ngsi.RoadSegment("urn:ngsi-ld:RoadSegment:zurich:2", extra: """
            "surface": {"type": "Property", "value": {"material": "asphalt", "layers": [1, 2]}},
            "refNext": {"type": "Relationship", "object": "urn:ngsi-ld:RoadSegment:zurich:3", "observedAt": "2026-03-01T08:00:00.1234567Z"},
            "appearance": {"type": "Property", "value": "https://assets.example.org/a.glb"}
            """));
        var json = NgsiLdCodec.ToUtf8(original);
        var again = NgsiLdCodec.ReadEntity(Parse(Encoding.UTF8.GetString(json)), LdContext.CityMesh);
        Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(NgsiLdCodec.ToUtf8(again)));
        Assert.Equal(original.Relationships["refNext"].ObservedAt, again.Relationships["refNext"].ObservedAt);
        Assert.Equal(original.Properties["surface"].Value, again.Properties["surface"].Value);
        Assert.Equal(GeoJson.Write(original.Location!), GeoJson.Write(again.Location!));
    }

    [Fact]
    public void Writes_the_normalized_shape_exactly()
    {
        var entity = new Entity
        {
            Id = "urn:ngsi-ld:AirQualityObserved:zurich:7",
            Type = "AirQualityObserved",
            Location = new Point(8.5, 47.4),
            Properties = new Dictionary<string, Property>
            {
                ["NO2"] = new(TwinValue.Of(22.5), "GQ", new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero)),
                ["note"] = new(TwinValue.Of("a&b <c>")),
            },
            Relationships = new Dictionary<string, Relationship> { ["refDevice"] = new("urn:ngsi-ld:Device:zurich:1") },
        };
        var json = Encoding.UTF8.GetString(NgsiLdCodec.ToUtf8(entity));
        Assert.Equal(
            """{"id":"urn:ngsi-ld:AirQualityObserved:zurich:7","type":"AirQualityObserved","location":{"type":"GeoProperty","value":{"type":"Point","coordinates":[8.5,47.4]}},"NO2":{"type":"Property","value":22.5,"unitCode":"GQ","observedAt":"2026-03-01T08:00:00Z"},"note":{"type":"Property","value":"a&b <c>"},"refDevice":{"type":"Relationship","object":"urn:ngsi-ld:Device:zurich:1"}}""",
            json);
        var keyValues = Encoding.UTF8.GetString(NgsiLdCodec.ToUtf8(entity, new NgsiRepresentation { KeyValues = true, EmbeddedContext = "https://x/ctx.jsonld" }));
        Assert.Equal(
            """{"id":"urn:ngsi-ld:AirQualityObserved:zurich:7","type":"AirQualityObserved","location":{"type":"Point","coordinates":[8.5,47.4]},"NO2":22.5,"note":"a&b <c>","refDevice":"urn:ngsi-ld:Device:zurich:1","@context":"https://x/ctx.jsonld"}""",
            keyValues);
    }

    [Fact]
    public void Errors_name_the_field_path_with_the_batch_position()
    {
        var e = Assert.Throws<NgsiProblemException>(() => NgsiLdCodec.ReadEntity(
            Parse("""{"id": "urn:x:1", "type": "X", "location": {"type": "GeoProperty", "value": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0, 0, 0]]]}}}"""),
            LdContext.CityMesh, "[7]"));
        Assert.Equal("[7].location.value.coordinates[0][3]", e.Problem.Field);
        Assert.Equal(400, e.Problem.Status);
    }

    [Fact]
    public void Reading_collects_every_error()
    {
        var problem = ReadFails("""{"id": "nope", "type": "9", "speed": {"type": "Property", "value": 1, "unitCode": "km/h"}}""");
        Assert.Equal(new[] { "id", "type", "speed.unitCode" }, problem.Errors!.Select(e => e.Field).ToArray());
        Assert.Equal("id", problem.Field);
        Assert.Contains("speed.unitCode", problem.Detail);
    }

    [Fact]
    public void Reserved_names_are_refused_under_their_own_name()
    {
        var problem = ReadFails("""{"id": "urn:x:1", "type": "X", "observedAt": "2026-03-01T08:00:00Z"}""");
        Assert.Equal("observedAt", problem.Field);
    }

    [Fact]
    public void Fragments_split_what_patch_can_and_cannot_update()
    {
        var fragment = NgsiLdCodec.ReadFragment(Parse("""
            {"speed": {"type": "Property", "value": 3}, "refX": {"type": "Relationship", "object": "urn:x:2"},
             "status": {"type": "Property", "value": "retired"}, "appearance": {"type": "Property", "value": "a.glb"},
             "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [1, 2]}}}
            """), LdContext.CityMesh);
        Assert.Equal(TwinValue.Of(3), fragment.Patch.Properties["speed"].Value);
        Assert.Equal("urn:x:2", fragment.Patch.Relationships["refX"].Object);
        Assert.Equal(TwinValue.Of("retired"), fragment.Patch.Properties["status"].Value);
        Assert.IsType<Point>(fragment.Patch.Location);
        Assert.Equal("appearance", Assert.Single(fragment.Refused).Attribute);
    }

    [Theory]
    [InlineData("2026-03-01T08:00:00Z", "2026-03-01T08:00:00+00:00")]
    [InlineData("2026-03-01T08:00:00.5Z", "2026-03-01T08:00:00.5000000+00:00")]
    [InlineData("2026-03-01T08:00Z", "2026-03-01T08:00:00+00:00")]
    public void IsoTime_reads_utc_with_z(string text, string expected)
    {
        Assert.True(IsoTime.TryParse(text, out var time));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(TimeSpan.Zero, time.Offset);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("01/03/2026")]
    [InlineData("2026-03-01")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("")]
    [InlineData("2026-03-01T08:00:00")] // no zone: whose local time?
    [InlineData("2026-03-01T08:00")]
    [InlineData("2026-03-01T10:00:00+02:00")] // NGSI-LD DateTime is UTC
    [InlineData("2026-03-01T08:00:00z")]
    public void IsoTime_refuses_other_forms(string text) => Assert.False(IsoTime.TryParse(text, out _));
}
