using System.Net;
using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>Create, retrieve and delete one entity.</summary>
public sealed class EntityTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Create_answers_201_with_the_entity_location()
    {
        var id = Ngsi.NewId();
        var response = await _client.CreateAsync(Ngsi.RoadSegment(id));
        Assert.Equal($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}", response.Headers.Location?.OriginalString);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var entity = await _client.GetJsonAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(id, entity.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Created_entity_reads_back_in_normalized_form()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id, extra: """
            "lanes": {"type": "Property", "value": 2},
            "lit": {"type": "Property", "value": true},
            "address": {"type": "Property", "value": {"streetAddress": "Bahnhofstrasse 1", "addressLocality": "Zurich"}},
            "appearance": {"type": "Property", "value": "https://assets.example.org/models/segment.glb"}
            """));
        var e = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal(id, e.GetProperty("id").GetString());
        Assert.Equal("RoadSegment", e.GetProperty("type").GetString());
        // Entities come back as sent: nothing the client did not send is added.
        Assert.False(e.TryGetProperty("category", out _));
        Assert.False(e.TryGetProperty("status", out _));
        AssertProperty(e, "appearance", "https://assets.example.org/models/segment.glb");
        Assert.Equal("GeoProperty", e.GetProperty("location").GetProperty("type").GetString());
        Assert.Equal("LineString", e.GetProperty("location").GetProperty("value").GetProperty("type").GetString());
        var speed = e.GetProperty("speed");
        Assert.Equal("Property", speed.GetProperty("type").GetString());
        Assert.Equal(42.5, speed.GetProperty("value").GetDouble());
        Assert.Equal("KMH", speed.GetProperty("unitCode").GetString());
        Assert.Equal("2026-03-01T08:00:00Z", speed.GetProperty("observedAt").GetString());
        AssertProperty(e, "name", "Bahnhofstrasse");
        Assert.Equal(2, e.GetProperty("lanes").GetProperty("value").GetInt32());
        Assert.True(e.GetProperty("lit").GetProperty("value").GetBoolean());
        Assert.Equal("Zurich", e.GetProperty("address").GetProperty("value").GetProperty("addressLocality").GetString());
        var rel = e.GetProperty("refIntersection");
        Assert.Equal("Relationship", rel.GetProperty("type").GetString());
        Assert.Equal("urn:ngsi-ld:Intersection:test:1", rel.GetProperty("object").GetString());
        Assert.False(e.TryGetProperty("createdAt", out _));
        Assert.False(e.TryGetProperty("modifiedAt", out _));
    }

    [Fact]
    public async Task KeyValues_gives_the_simplified_form()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        foreach (var query in new[] { "options=keyValues", "format=simplified", "options=simplified" })
        {
            var e = await _client.GetJsonAsync($"{Ngsi.EntityUrl(id)}?{query}");
            Assert.Equal(id, e.GetProperty("id").GetString());
            Assert.Equal(42.5, e.GetProperty("speed").GetDouble());
            Assert.Equal("Bahnhofstrasse", e.GetProperty("name").GetString());
            Assert.Equal("urn:ngsi-ld:Intersection:test:1", e.GetProperty("refIntersection").GetString());
            Assert.Equal("LineString", e.GetProperty("location").GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task SysAttrs_adds_creation_and_modification_times()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        foreach (var query in new[] { "options=sysAttrs", "options=keyValues,sysAttrs" })
        {
            var e = await _client.GetJsonAsync($"{Ngsi.EntityUrl(id)}?{query}");
            var created = DateTimeOffset.Parse(e.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var modified = DateTimeOffset.Parse(e.GetProperty("modifiedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(created, before, DateTimeOffset.UtcNow.AddSeconds(1));
            Assert.True(modified >= created);
            Assert.EndsWith("Z", e.GetProperty("createdAt").GetString());
        }
    }

    [Fact]
    public async Task Attrs_projects_the_entity()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        var e = await _client.GetJsonAsync($"{Ngsi.EntityUrl(id)}?attrs=speed,refIntersection");
        var names = e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "id", "refIntersection", "speed", "type" }, names);
    }

    [Fact]
    public async Task Category_and_status_may_be_given()
    {
        var id = Ngsi.NewId("Kiosk");
        await _client.CreateAsync($$"""
            {"id": "{{id}}", "type": "Kiosk",
             "category": {"type": "Property", "value": "goodsAndEquipment"},
             "status": {"type": "Property", "value": "outOfService"} }
            """);
        var e = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        AssertProperty(e, "category", "goodsAndEquipment");
        AssertProperty(e, "status", "outOfService");
    }

    [Theory]
    [InlineData("TrafficFlowObserved", "goodsAndEquipment")]
    [InlineData("AirQualityObserved", "goodsAndEquipment")]
    [InlineData("Building", "buildingOrStructure")]
    [InlineData("Vehicle", "meansOfTransportation")]
    [InlineData("Park", "naturalEntity")]
    [InlineData("District", "managementEntity")]
    [InlineData("SomethingNew", "other")]
    public async Task Nothing_is_added_to_an_entity_and_its_category_comes_from_its_type(string type, string category)
    {
        var id = Ngsi.NewId(type);
        await _client.CreateAsync($$"""{"id": "{{id}}", "type": "{{type}}"}""");
        var e = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal(["id", "type"], e.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(category, System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(
            CityMesh.Twin.Model.Entity.CategoryOf(type, []).ToString()));
    }

    [Fact]
    public async Task Ids_that_are_http_URIs_work_in_paths()
    {
        var id = $"https://data.example.org/entities/{Guid.NewGuid():N}";
        var response = await _client.CreateAsync($$"""{"id": "{{id}}", "type": "Building"}""");
        var e = await _client.GetJsonAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(id, e.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(Ngsi.EntityUrl(id))).StatusCode);
    }

    [Fact]
    public async Task Creating_an_existing_id_is_409_already_exists()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        var response = await _client.PostAsync($"{Ngsi.Base}/entities", Ngsi.RoadSegment(id, speed: 1));
        var problem = await Ngsi.AssertProblemAsync(response, HttpStatusCode.Conflict, "AlreadyExists", "id");
        Assert.Contains(id, problem.GetProperty("detail").GetString());
        Assert.Equal(42.5, (await _client.GetJsonAsync(Ngsi.EntityUrl(id))).GetProperty("speed").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Missing_entity_is_404_resource_not_found()
    {
        var response = await _client.GetAsync(Ngsi.EntityUrl(Ngsi.NewId()));
        await Ngsi.AssertProblemAsync(response, HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Retrieve_with_an_id_that_is_not_a_URI_is_400()
    {
        await Ngsi.AssertProblemAsync(await _client.GetAsync($"{Ngsi.Base}/entities/not-a-uri"), HttpStatusCode.BadRequest, "BadRequestData", "id");
    }

    [Fact]
    public async Task Retrieve_with_an_unknown_option_is_400()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        await Ngsi.AssertProblemAsync(await _client.GetAsync($"{Ngsi.EntityUrl(id)}?options=concise"), HttpStatusCode.BadRequest, "BadRequestData", "options");
        await Ngsi.AssertProblemAsync(await _client.GetAsync($"{Ngsi.EntityUrl(id)}?format=xml"), HttpStatusCode.BadRequest, "BadRequestData", "format");
    }

    [Fact]
    public async Task Delete_answers_204_then_404()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        var deleted = await _client.DeleteAsync(Ngsi.EntityUrl(id));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await _client.GetJsonAsync(Ngsi.EntityUrl(id), HttpStatusCode.NotFound);
        await Ngsi.AssertProblemAsync(await _client.DeleteAsync(Ngsi.EntityUrl(id)), HttpStatusCode.NotFound, "ResourceNotFound");
        await Ngsi.AssertProblemAsync(await _client.DeleteAsync($"{Ngsi.Base}/entities/nope"), HttpStatusCode.BadRequest, "BadRequestData", "id");
    }

    [Fact]
    public async Task A_deleted_id_can_be_created_again()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(Ngsi.EntityUrl(id))).StatusCode);
        await _client.CreateAsync(Ngsi.RoadSegment(id, speed: 7));
        Assert.Equal(7, (await _client.GetJsonAsync(Ngsi.EntityUrl(id))).GetProperty("speed").GetProperty("value").GetDouble());
    }

    internal static void AssertProperty(JsonElement entity, string name, string value)
    {
        var attribute = entity.GetProperty(name);
        Assert.Equal("Property", attribute.GetProperty("type").GetString());
        Assert.Equal(value, attribute.GetProperty("value").GetString());
    }
}
