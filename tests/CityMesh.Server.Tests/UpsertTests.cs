using System.Net;

namespace CityMesh.Server.Tests;

/// <summary>POST /entityOperations/upsert.</summary>
public sealed class UpsertTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    private const string Upsert = $"{Ngsi.Base}/entityOperations/upsert";
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task New_entities_are_201_with_their_ids()
    {
        var a = Ngsi.NewId();
        var b = Ngsi.NewId("AirQualityObserved");
        var response = await _client.PostAsync(Upsert, $$$"""
            [
              {{{Ngsi.RoadSegment(a)}}},
              {"id": "{{{b}}}", "type": "AirQualityObserved", "NO2": {"type": "Property", "value": 22.1, "unitCode": "GQ", "observedAt": "2026-03-01T08:00:00Z"}}
            ]
            """);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(new[] { a, b }, (await Ngsi.JsonOf(response)).Strings());
        var air = await _client.GetJsonAsync(Ngsi.EntityUrl(b));
        Assert.Equal(22.1, air.GetProperty("NO2").GetProperty("value").GetDouble());
        Assert.False(air.TryGetProperty("category", out _));
    }

    [Fact]
    public async Task Existing_entities_are_204_and_replaced_by_default()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        var response = await _client.PostAsync(Upsert, $$$"""[{"id": "{{{id}}}", "type": "RoadSegment", "speed": {"type": "Property", "value": 12}}]""");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var e = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal(12, e.GetProperty("speed").GetProperty("value").GetDouble());
        Assert.False(e.TryGetProperty("name", out _));
        Assert.False(e.TryGetProperty("refIntersection", out _));
        Assert.False(e.TryGetProperty("location", out _));
    }

    [Fact]
    public async Task Update_mode_keeps_attributes_not_sent()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        var response = await _client.PostAsync($"{Upsert}?options=update", $$$"""[{"id": "{{{id}}}", "type": "RoadSegment", "lanes": {"type": "Property", "value": 3}}]""");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var e = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal(3, e.GetProperty("lanes").GetProperty("value").GetInt32());
        Assert.Equal("Bahnhofstrasse", e.GetProperty("name").GetProperty("value").GetString());
        Assert.Equal("LineString", e.GetProperty("location").GetProperty("value").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Mixed_new_and_existing_is_201_with_only_the_new_ids()
    {
        var existing = Ngsi.NewId();
        var fresh = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(existing));
        var response = await _client.PostAsync(Upsert, $"[{Ngsi.RoadSegment(existing, 1)}, {Ngsi.RoadSegment(fresh, 2)}]");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(new[] { fresh }, (await Ngsi.JsonOf(response)).Strings());
        Assert.Equal(1, (await _client.GetJsonAsync(Ngsi.EntityUrl(existing))).GetProperty("speed").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Invalid_entities_are_reported_and_not_written_while_valid_ones_are()
    {
        var good = Ngsi.NewId();
        var badGeometry = Ngsi.NewId();
        var badValue = Ngsi.NewId();
        var response = await _client.PostAsync(Upsert, $$$"""
            [
              {{{Ngsi.RoadSegment(good)}}},
              {"id": "{{{badGeometry}}}", "type": "Building", "location": {"type": "GeoProperty", "value": {"type": "Polygon", "coordinates": [[[8.5,47.3],[8.6,47.3],[8.6,47.4],[8.5,47.41]]]} } },
              {"id": "{{{badValue}}}", "type": "Building", "height": {"type": "Property"}},
              {"type": "Building"},
              "not an entity"
            ]
            """);
        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var result = await Ngsi.JsonOf(response);
        Assert.Equal(new[] { good }, result.GetProperty("success").Strings());
        var errors = result.GetProperty("errors").EnumerateArray().ToArray();
        Assert.Equal(4, errors.Length);
        Assert.Equal(badGeometry, errors[0].GetProperty("entityId").GetString());
        Assert.Equal("https://uri.etsi.org/ngsi-ld/errors/BadRequestData", errors[0].GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("[1].location.value.coordinates[0]", errors[0].GetProperty("error").GetProperty("field").GetString());
        Assert.Equal(400, errors[0].GetProperty("error").GetProperty("status").GetInt32());
        Assert.Equal(badValue, errors[1].GetProperty("entityId").GetString());
        Assert.Equal("[2].height.value", errors[1].GetProperty("error").GetProperty("field").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, errors[2].GetProperty("entityId").ValueKind);
        Assert.Equal("[3].id", errors[2].GetProperty("error").GetProperty("field").GetString());
        Assert.Equal("[4]", errors[3].GetProperty("error").GetProperty("field").GetString());
        await _client.GetJsonAsync(Ngsi.EntityUrl(good));
        await _client.GetJsonAsync(Ngsi.EntityUrl(badGeometry), HttpStatusCode.NotFound);
        await _client.GetJsonAsync(Ngsi.EntityUrl(badValue), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_invalid_entity_leaves_its_existing_version_untouched()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        var response = await _client.PostAsync(Upsert, $$$"""[{"id": "{{{id}}}", "type": "RoadSegment", "speed": {"type": "Property", "value": "fast", "unitCode": "km/h"}}]""");
        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var result = await Ngsi.JsonOf(response);
        Assert.Empty(result.GetProperty("success").EnumerateArray());
        Assert.Equal("[0].speed.unitCode", result.GetProperty("errors")[0].GetProperty("error").GetProperty("field").GetString());
        Assert.Equal(42.5, (await _client.GetJsonAsync(Ngsi.EntityUrl(id))).GetProperty("speed").GetProperty("value").GetDouble());
    }

    [Theory]
    [InlineData("""{"id": "urn:ngsi-ld:X:1", "type": "X"}""")]
    [InlineData("""[]""")]
    [InlineData("""42""")]
    public async Task A_batch_must_be_a_non_empty_array(string body)
    {
        await Ngsi.AssertProblemAsync(await _client.PostAsync(Upsert, body), HttpStatusCode.BadRequest, "BadRequestData", "(body)");
    }

    [Theory]
    [InlineData("options=merge")]
    [InlineData("options=update,replace")]
    public async Task Unknown_or_conflicting_options_are_400(string query)
    {
        var response = await _client.PostAsync($"{Upsert}?{query}", $"[{Ngsi.RoadSegment(Ngsi.NewId())}]");
        await Ngsi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequestData", "options");
    }

    [Fact]
    public async Task A_batch_over_8_MiB_is_413()
    {
        var padding = new string('x', 8 << 20);
        var response = await _client.PostAsync(Upsert, $$$"""[{"id": "{{{Ngsi.NewId()}}}", "type": "Building", "note": {"type": "Property", "value": "{{{padding}}}"}}]""");
        await Ngsi.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "InvalidRequest");
    }

    [Fact]
    public async Task A_batch_under_8_MiB_but_over_1_MiB_is_accepted()
    {
        var id = Ngsi.NewId();
        var padding = new string('x', 2 << 20);
        var response = await _client.PostAsync(Upsert, $$$"""[{"id": "{{{id}}}", "type": "Building", "note": {"type": "Property", "value": "{{{padding}}}"}}]""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
