using System.Net;

namespace CityMesh.Server.Tests;

/// <summary>PATCH /entities/{id}/attrs.</summary>
public sealed class UpdateAttributesTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string AttrsUrl(string id) => $"{Ngsi.EntityUrl(id)}/attrs";

    [Fact]
    public async Task Updating_existing_attributes_is_204()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        var response = await _client.PatchAsync(AttrsUrl(id), """
            {
              "speed": {"type": "Property", "value": 30, "unitCode": "KMH", "observedAt": "2026-03-01T08:05:00Z"},
              "name": {"type": "Property", "value": "Rennweg"},
              "refIntersection": {"type": "Relationship", "object": "urn:ngsi-ld:Intersection:test:2"},
              "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [8.54, 47.37]}}
            }
            """);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var e = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal(30, e.GetProperty("speed").GetProperty("value").GetDouble());
        Assert.Equal("2026-03-01T08:05:00Z", e.GetProperty("speed").GetProperty("observedAt").GetString());
        Assert.Equal("Rennweg", e.GetProperty("name").GetProperty("value").GetString());
        Assert.Equal("urn:ngsi-ld:Intersection:test:2", e.GetProperty("refIntersection").GetProperty("object").GetString());
        Assert.Equal("Point", e.GetProperty("location").GetProperty("value").GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_older_observation_goes_to_history_and_leaves_the_current_value()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        var response = await _client.PatchAsync(AttrsUrl(id), """{"speed": {"type": "Property", "value": 10, "observedAt": "2026-03-01T07:00:00Z"}}""");
        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var result = await Ngsi.JsonOf(response);
        Assert.Empty(result.GetProperty("updated").EnumerateArray());
        var notUpdated = Assert.Single(result.GetProperty("notUpdated").EnumerateArray());
        Assert.Equal("speed", notUpdated.GetProperty("attributeName").GetString());
        Assert.Contains("history", notUpdated.GetProperty("reason").GetString());
        var history = await _client.GetJsonAsync($"{Ngsi.Base}/temporal/entities/{Uri.EscapeDataString(id)}?attrs=speed");
        Assert.Equal(new[] { 10.0, 42.5 }, history.GetProperty("speed").EnumerateArray().Select(i => i.GetProperty("value").GetDouble()).ToArray());
        Assert.Equal(42.5, (await _client.GetJsonAsync(Ngsi.EntityUrl(id))).GetProperty("speed").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Unknown_attributes_are_207_not_updated_and_a_held_one_may_change_kind()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        var response = await _client.PatchAsync(AttrsUrl(id), """
            {
              "speed": {"type": "Property", "value": 55},
              "colour": {"type": "Property", "value": "red"},
              "name": {"type": "Relationship", "object": "urn:ngsi-ld:Thing:x"},
              "category": {"type": "Property", "value": "other"}
            }
            """);
        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var result = await Ngsi.JsonOf(response);
        // An update replaces the attribute it names, its kind too (name, held as a property, becomes a relationship).
        Assert.Equal(new[] { "name", "speed" }, result.GetProperty("updated").Strings().Order(StringComparer.Ordinal).ToArray());
        var notUpdated = result.GetProperty("notUpdated").EnumerateArray()
            .ToDictionary(n => n.GetProperty("attributeName").GetString()!, n => n.GetProperty("reason").GetString()!);
        Assert.Equal(new[] { "category", "colour" }, notUpdated.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("no such attribute", notUpdated["colour"]);
        Assert.Contains("no such attribute", notUpdated["category"]); // category is data, like any attribute
        var e = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal(55, e.GetProperty("speed").GetProperty("value").GetDouble());
        Assert.Equal("urn:ngsi-ld:Thing:x", e.GetProperty("name").GetProperty("object").GetString());
        Assert.False(e.TryGetProperty("colour", out _));
        Assert.False(e.TryGetProperty("category", out _));
    }

    [Fact]
    public async Task A_fragment_that_is_not_an_object_is_InvalidRequest()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        await Ngsi.AssertProblemAsync(await _client.PatchAsync(AttrsUrl(id), "[]"), HttpStatusCode.BadRequest, "InvalidRequest");
    }

    [Fact]
    public async Task Patching_a_missing_entity_is_404()
    {
        var response = await _client.PatchAsync(AttrsUrl(Ngsi.NewId()), """{"speed": {"type": "Property", "value": 1}}""");
        await Ngsi.AssertProblemAsync(response, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Theory]
    [InlineData("""{}""", "(body)")]
    [InlineData("""{"id": "urn:ngsi-ld:X:1"}""", "id")]
    [InlineData("""{"type": "Building"}""", "type")]
    [InlineData("""{"speed": 5}""", "speed")]
    [InlineData("""{"speed": {"type": "Property"}}""", "speed.value")]
    [InlineData("""{"speed": {"type": "Property", "value": null}}""", "speed.value")]
    [InlineData("""{"speed": {"type": "Property", "value": 1, "datasetId": "radar"}}""", "speed.datasetId")]
    [InlineData("""{"scope": "/a"}""", "scope")]
    [InlineData("""{"location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [8, 91]}}}""", "location.value.coordinates[1]")]
    [InlineData("""{"refIntersection": {"type": "Relationship", "object": "not a uri"}}""", "refIntersection.object")]
    [InlineData("""{"bad name": {"type": "Property", "value": 1}}""", "bad name")]
    public async Task Invalid_fragments_are_400_naming_the_field(string body, string field)
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        await Ngsi.AssertProblemAsync(await _client.PatchAsync(AttrsUrl(id), body), HttpStatusCode.BadRequest, "BadRequestData", field);
        Assert.Equal(42.5, (await _client.GetJsonAsync(Ngsi.EntityUrl(id))).GetProperty("speed").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Patch_with_the_wrong_content_type_is_415()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        var response = await _client.PatchAsync(AttrsUrl(id), """{"speed": {"type": "Property", "value": 1}}""", "text/plain");
        await Ngsi.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "InvalidRequest", "Content-Type");
    }
}
