using System.Net;
using System.Text.Json.Nodes;
using CityMesh.Server.Tests.Conformance;
using CityMesh.Server.Tests.Temporal;

namespace CityMesh.Server.Tests;

/// <summary>
/// <c>POST /entityOperations/query</c>: the Query body selects as <c>GET /entities</c>'s parameters do (entity
/// selectors, attrs, q, geoQ), names are read and written in the body's context, and what it cannot evaluate exactly
/// is refused naming the member.
/// </summary>
public sealed class QueryEntitiesByPostTests(SuiteTwinFactory factory) : IClassFixture<SuiteTwinFactory>
{
    private const string QueryUrl = $"{Ngsi.Base}/entityOperations/query";
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<string> CreateAsync(string type, double speed, double longitude)
    {
        var id = Ngsi.NewId(type);
        var entity = $$$"""
            {"id": "{{{id}}}", "type": "{{{type}}}",
             "speed": {"type": "Property", "value": {{{speed}}}},
             "brandName": {"type": "Property", "value": "Mercedes"},
             "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [{{{longitude}}}, 52.5]}},
             "@context": "{{{Contexts.ContextServer.SuiteCompoundUrl}}}"}
            """;
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync($"{Ngsi.Base}/entities", entity, Ngsi.JsonLd)).StatusCode);
        return id;
    }

    /// <summary>A Query body in application/ld+json with the suite's context, answered 200.</summary>
    private async Task<JsonArray> QueryAsync(string members, string url = "")
    {
        var response = await _client.PostAsync(QueryUrl + url,
            $$"""{"type": "Query", {{members}}, "@context": "{{Contexts.ContextServer.SuiteCompoundUrl}}"}""", Ngsi.JsonLd);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsArray();
    }

    private static string[] Ids(JsonArray answer) => [.. answer.Select(e => e!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Selectors_attrs_q_and_geoQ_select_as_GET_does_with_names_in_the_body_s_context()
    {
        var slow = await CreateAsync("Vehicle", 20, 13.40);
        var fast = await CreateAsync("Vehicle", 90, 13.40);
        var far = await CreateAsync("Vehicle", 95, 14.40);
        var parking = await CreateAsync("OffStreetParking", 0, 13.40);

        var byIds = await QueryAsync($$"""
            "entities": [{"id": "{{slow}}", "type": "Vehicle"}, {"id": "{{fast}}", "type": "Vehicle"}], "attrs": ["speed"]
            """);
        Assert.Equal(new[] { slow, fast }.Order(StringComparer.Ordinal), Ids(byIds));
        foreach (var entity in byIds)
        {
            Assert.NotNull(entity!["speed"]);           // the suite's term, compacted with the body's context
            Assert.Null(entity["brandName"]);          // not asked for
            Assert.Equal("Vehicle", entity["type"]!.GetValue<string>());
        }

        var fastNearby = await QueryAsync($$"""
            "entities": [{"type": "Vehicle"}, {"type": "OffStreetParking"}], "q": "speed>50",
            "geoQ": {"geometry": "Point", "coordinates": [13.40, 52.5], "georel": "near;maxDistance==1000"}
            """, $"?limit=1000&count=true");
        Assert.Contains(fast, Ids(fastNearby));
        Assert.DoesNotContain(far, Ids(fastNearby));     // too far
        Assert.DoesNotContain(slow, Ids(fastNearby));    // too slow
        Assert.DoesNotContain(parking, Ids(fastNearby)); // speed 0

        var byPattern = await QueryAsync($$"""
            "entities": [{"idPattern": "^{{parking}}$", "type": "OffStreetParking"}]
            """);
        Assert.Equal([parking], Ids(byPattern));
    }

    [Fact]
    public async Task The_answer_is_framed_as_GET_s_paging_in_the_URL()
    {
        var a = await CreateAsync("Vehicle", 1, 10);
        var b = await CreateAsync("Vehicle", 2, 10);
        var response = await _client.PostAsync($"{QueryUrl}?limit=1&count=true",
            $$"""{"type": "Query", "entities": [{"id": "{{a}}", "type": "Vehicle"}, {"id": "{{b}}", "type": "Vehicle"}], "@context": "{{Contexts.ContextServer.SuiteCompoundUrl}}"}""",
            Ngsi.JsonLd);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("NGSILD-Results-Count").Single());
        Assert.Single(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray());
    }

    [Theory]
    [InlineData("""{"entities": [{"type": "Vehicle"}]}""", 400, "BadRequestData", "type")]
    [InlineData("""{"type": "Subscription", "entities": [{"type": "Vehicle"}]}""", 400, "BadRequestData", "type")]
    [InlineData("""{"type": "Query", "entities": []}""", 400, "BadRequestData", "entities")]
    [InlineData("""{"type": "Query", "entities": [{"id": "urn:x:1"}]}""", 400, "BadRequestData", "entities[0].type")]
    [InlineData("""{"type": "Query", "entities": [{"type": "Vehicle", "id": "urn:x:1", "idPattern": ".*"}]}""", 400, "BadRequestData", "entities[0]")]
    [InlineData("""{"type": "Query", "entities": [{"type": "Vehicle", "id": "not a uri"}]}""", 400, "BadRequestData", "entities[0].id")]
    [InlineData("""{"type": "Query", "attrs": [7]}""", 400, "BadRequestData", "attrs[0]")]
    [InlineData("""{"type": "Query", "attrs": ["speed", "a,b"]}""", 400, "BadRequestData", "attrs[1]")]
    [InlineData("""{"type": "Query", "entities": [{"type": "Vehicle"}], "geoQ": {"geometry": "Point", "coordinates": [1, 2]}}""", 400, "BadRequestData", "geoQ.georel")]
    [InlineData("""{"type": "Query", "entities": [{"type": "Vehicle"}], "q": "speed>"}""", 400, "BadRequestData", "q")]
    [InlineData("""{"type": "Query", "entities": [{"type": "Vehicle", "id": "urn:x:1"}, {"type": "OffStreetParking"}]}""", 422, "OperationNotSupported", "entities")]
    [InlineData("""{"type": "Query", "entities": [{"type": "Vehicle"}], "temporalQ": {"timerel": "after", "timeAt": "2020-01-01T00:00:00Z"}}""", 422, "OperationNotSupported", "temporalQ")]
    [InlineData("""[{"type": "Query"}]""", 400, "InvalidRequest", null)]
    public async Task A_bad_or_unsupported_query_is_refused_naming_the_member(string body, int status, string errorType, string? field)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, QueryUrl) { Content = Ngsi.Body(body) };
        request.Headers.TryAddWithoutValidation("Link", EtsiSuite.Link);
        await Ngsi.AssertProblemAsync(await _client.SendAsync(request), (HttpStatusCode)status, errorType, field);
    }
}
