using System.Net;

namespace CityMesh.Server.Tests;

/// <summary>
/// Errors typed as NGSI-LD types them (clauses 5.5.2 and 6.3): a body that does not parse is InvalidRequest, a
/// well-formed body or parameter with bad data BadRequestData, a projection onto nothing the entity has
/// ResourceNotFound.
/// </summary>
public sealed class ErrorTypingTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("id")]
    [InlineData("type")]
    [InlineData("speed,id")]
    public async Task Attrs_may_not_name_id_or_type(string attrs)
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        await Ngsi.AssertProblemAsync(await _client.GetAsync($"{Ngsi.EntityUrl(id)}?attrs={attrs}"), HttpStatusCode.BadRequest, "BadRequestData", "attrs");
        await Ngsi.AssertProblemAsync(await _client.GetAsync($"{Ngsi.Base}/entities?type=RoadSegment&attrs={attrs}"), HttpStatusCode.BadRequest, "BadRequestData", "attrs");
    }

    [Fact]
    public async Task Retrieving_only_attributes_the_entity_does_not_have_is_404()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        await Ngsi.AssertProblemAsync(await _client.GetAsync($"{Ngsi.EntityUrl(id)}?attrs=colour,height"), HttpStatusCode.NotFound, "ResourceNotFound");
        var some = await _client.GetJsonAsync($"{Ngsi.EntityUrl(id)}?attrs=colour,speed");
        Assert.True(some.TryGetProperty("speed", out _));
        Assert.False(some.TryGetProperty("name", out _));
    }

    [Theory]
    [InlineData("{\"id\": ")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[]")] // JSON, but not the object the request needs (the suite's empty.jsonld, 001_02_02)
    [InlineData("42")]
    public async Task A_body_that_is_not_a_JSON_object_is_InvalidRequest(string body)
    {
        await Ngsi.AssertProblemAsync(await _client.PostAsync($"{Ngsi.Base}/entities", body), HttpStatusCode.BadRequest, "InvalidRequest");
        await Ngsi.AssertProblemAsync(await _client.PatchAsync($"{Ngsi.EntityUrl(Ngsi.NewId())}/attrs", body), HttpStatusCode.BadRequest, "InvalidRequest");
    }

    [Theory]
    [InlineData("""{"type": "RoadSegment"}""", "id")]
    [InlineData("""{"id": "urn:ngsi-ld:RoadSegment:x", "type": "RoadSegment", "speed": {"type": "Property"}}""", "speed.value")]
    public async Task A_well_formed_body_with_bad_data_is_BadRequestData_naming_the_field(string body, string field)
    {
        await Ngsi.AssertProblemAsync(await _client.PostAsync($"{Ngsi.Base}/entities", body), HttpStatusCode.BadRequest, "BadRequestData", field);
    }

    [Theory]
    [InlineData("type=(RoadSegment", "type")]
    [InlineData("type=Road%20Segment", "type")]
    [InlineData("q=speed%3E", "q")]
    [InlineData("q=speed%3D%3D1%3B", "q")]
    public async Task A_type_or_q_that_does_not_parse_is_400_naming_the_parameter(string query, string field)
    {
        await Ngsi.AssertProblemAsync(await _client.GetAsync($"{Ngsi.Base}/entities?{query}"), HttpStatusCode.BadRequest, "BadRequestData", field);
    }
}
