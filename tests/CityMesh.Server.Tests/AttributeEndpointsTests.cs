using System.Net;
using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>
/// The attribute endpoints over HTTP: append (POST /attrs), partial attribute update (PATCH /attrs/{attr}),
/// attribute delete and entity replace (PUT), with multi-attributes, sub-attributes and several types.
/// </summary>
public sealed class AttributeEndpointsTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string AttrsUrl(string id) => $"{Ngsi.EntityUrl(id)}/attrs";

    private async Task<string> CreateVehicleAsync()
    {
        var id = Ngsi.NewId("Vehicle");
        await _client.CreateAsync($$$"""
            {"id": "{{{id}}}", "type": ["Vehicle", "OffStreetParking"], "scope": "/Zurich",
             "brandName": {"type": "Property", "value": "Mercedes"},
             "speed": [
               {"type": "Property", "value": 55, "datasetId": "urn:ngsi-ld:Property:speedometer",
                "source": {"type": "Property", "value": "Speedometer"}},
               {"type": "Property", "value": 54.5, "datasetId": "urn:ngsi-ld:Property:gps",
                "source": {"type": "Property", "value": "GPS"}}],
             "isParked": {"type": "Relationship", "object": "urn:ngsi-ld:OffStreetParking:Downtown1",
                          "observedAt": "2017-07-29T12:00:04Z",
                          "providedBy": {"type": "Relationship", "object": "urn:ngsi-ld:Person:Bob"} } }
            """);
        return id;
    }

    private static JsonElement Instance(JsonElement entity, string name, string datasetId) =>
        entity.GetProperty(name).EnumerateArray().Single(i => i.GetProperty("datasetId").GetString() == datasetId);

    [Fact]
    public async Task A_multi_attribute_entity_reads_back_as_sent()
    {
        var id = await CreateVehicleAsync();
        var e = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal(["Vehicle", "OffStreetParking"], e.GetProperty("type").Strings());
        Assert.Equal("/Zurich", e.GetProperty("scope").GetString());
        Assert.Equal(2, e.GetProperty("speed").GetArrayLength());
        Assert.Equal("GPS", Instance(e, "speed", "urn:ngsi-ld:Property:gps").GetProperty("source").GetProperty("value").GetString());
        Assert.Equal("urn:ngsi-ld:Person:Bob", e.GetProperty("isParked").GetProperty("providedBy").GetProperty("object").GetString());
        var byType = await _client.GetJsonAsync($"{Ngsi.Base}/entities?type=OffStreetParking&id={Uri.EscapeDataString(id)}");
        Assert.Equal(id, Assert.Single(byType.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Append_adds_and_noOverwrite_keeps()
    {
        var id = await CreateVehicleAsync();
        var response = await _client.PostAsync(AttrsUrl(id), """
            {"brandName": {"type": "Property", "value": "BMW"},
             "speed": {"type": "Property", "value": 53, "datasetId": "urn:ngsi-ld:Property:radar"}}
            """ );
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var e = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal("BMW", e.GetProperty("brandName").GetProperty("value").GetString());
        Assert.Equal(3, e.GetProperty("speed").GetArrayLength());

        var kept = await _client.PostAsync($"{AttrsUrl(id)}?options=noOverwrite", """
            {"brandName": {"type": "Property", "value": "Audi"}, "colour": {"type": "Property", "value": "red"}}
            """);
        Assert.Equal(HttpStatusCode.MultiStatus, kept.StatusCode);
        var result = await Ngsi.JsonOf(kept);
        Assert.Equal(["colour"], result.GetProperty("updated").Strings());
        Assert.Equal("brandName", Assert.Single(result.GetProperty("notUpdated").EnumerateArray()).GetProperty("attributeName").GetString());
        Assert.Equal("BMW", (await _client.GetJsonAsync(Ngsi.EntityUrl(id))).GetProperty("brandName").GetProperty("value").GetString());

        await Ngsi.AssertProblemAsync(await _client.PostAsync($"{AttrsUrl(id)}?options=replace", "{}"), HttpStatusCode.BadRequest, "BadRequestData", "options");
        await Ngsi.AssertProblemAsync(await _client.PostAsync(AttrsUrl(Ngsi.NewId()), """{"a": {"type": "Property", "value": 1}}"""),
            HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task A_partial_update_changes_only_what_it_names()
    {
        var id = await CreateVehicleAsync();
        var url = $"{AttrsUrl(id)}/speed";
        Assert.Equal(HttpStatusCode.NoContent,
            (await _client.PatchAsync(url, """{"value": 56, "datasetId": "urn:ngsi-ld:Property:speedometer"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await _client.PatchAsync($"{AttrsUrl(id)}/isParked", """{"providedBy": {"type": "Relationship", "object": "urn:ngsi-ld:Person:JohnDoe"}}""")).StatusCode);
        var e = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        var speedometer = Instance(e, "speed", "urn:ngsi-ld:Property:speedometer");
        Assert.Equal(56, speedometer.GetProperty("value").GetDouble());
        Assert.Equal("Speedometer", speedometer.GetProperty("source").GetProperty("value").GetString());
        Assert.Equal(54.5, Instance(e, "speed", "urn:ngsi-ld:Property:gps").GetProperty("value").GetDouble());
        var parked = e.GetProperty("isParked");
        Assert.Equal("urn:ngsi-ld:OffStreetParking:Downtown1", parked.GetProperty("object").GetString());
        Assert.Equal("urn:ngsi-ld:Person:JohnDoe", parked.GetProperty("providedBy").GetProperty("object").GetString());

        await Ngsi.AssertProblemAsync(await _client.PatchAsync(url, """{"value": 1, "datasetId": "urn:ngsi-ld:Property:unknown"}"""),
            HttpStatusCode.NotFound, "ResourceNotFound");
        await Ngsi.AssertProblemAsync(await _client.PatchAsync(url, """{"value": 1}"""), HttpStatusCode.NotFound, "ResourceNotFound");
        await Ngsi.AssertProblemAsync(await _client.PatchAsync($"{AttrsUrl(id)}/brandName", """{"value": null}"""),
            HttpStatusCode.BadRequest, "BadRequestData", "brandName.value");
    }

    [Fact]
    public async Task Deleting_attributes_by_instance_and_whole()
    {
        var id = await CreateVehicleAsync();
        var speed = $"{AttrsUrl(id)}/speed";
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"{speed}?datasetId={Uri.EscapeDataString("urn:ngsi-ld:Property:gps")}")).StatusCode);
        var e = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal("urn:ngsi-ld:Property:speedometer", e.GetProperty("speed").GetProperty("datasetId").GetString());
        await Ngsi.AssertProblemAsync(await _client.DeleteAsync(speed), HttpStatusCode.NotFound, "ResourceNotFound");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"{speed}?deleteAll=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"{AttrsUrl(id)}/brandName")).StatusCode);
        e = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.False(e.TryGetProperty("speed", out _));
        Assert.False(e.TryGetProperty("brandName", out _));
        await Ngsi.AssertProblemAsync(await _client.DeleteAsync($"{AttrsUrl(id)}/brandName"), HttpStatusCode.NotFound, "ResourceNotFound");
        await Ngsi.AssertProblemAsync(await _client.DeleteAsync($"{speed}?deleteAll=maybe"), HttpStatusCode.BadRequest, "BadRequestData", "deleteAll");
        await Ngsi.AssertProblemAsync(await _client.DeleteAsync($"{AttrsUrl(Ngsi.NewId())}/speed"), HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Put_replaces_the_entity_whole()
    {
        var id = await CreateVehicleAsync();
        var put = await _client.PutAsync(Ngsi.EntityUrl(id), Ngsi.Body("""{"type": "Vehicle", "colour": {"type": "Property", "value": "blue"}}"""));
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        var e = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal(["colour", "id", "type"], e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("Vehicle", e.GetProperty("type").GetString());

        await Ngsi.AssertProblemAsync(await _client.PutAsync(Ngsi.EntityUrl(id), Ngsi.Body("""{"id": "urn:ngsi-ld:Vehicle:other", "type": "Vehicle"}""")),
            HttpStatusCode.BadRequest, "BadRequestData", "id");
        await Ngsi.AssertProblemAsync(await _client.PutAsync(Ngsi.EntityUrl(Ngsi.NewId()), Ngsi.Body("""{"type": "Vehicle"}""")),
            HttpStatusCode.NotFound, "ResourceNotFound");
    }
}
