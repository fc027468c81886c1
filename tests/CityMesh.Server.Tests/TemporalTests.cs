using System.Net;

namespace CityMesh.Server.Tests;

/// <summary>GET /temporal/entities/{id}: history of dynamic properties.</summary>
public sealed class TemporalTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string TemporalUrl(string id) => $"{Ngsi.Base}/temporal/entities/{Uri.EscapeDataString(id)}";

    /// <summary>A segment observed at 08:00 (42.5), 08:05 (30) and 08:10 (20).</summary>
    private async Task<string> ObservedSegmentAsync()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        foreach (var (minute, value) in new[] { (5, 30), (10, 20) })
        {
            var response = await _client.PatchAsync($"{Ngsi.EntityUrl(id)}/attrs",
                $$"""{"speed": {"type": "Property", "value": {{value}}, "unitCode": "KMH", "observedAt": "2026-03-01T08:{{minute:00}}:00Z"} }""");
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        return id;
    }

    private static double[] Values(System.Text.Json.JsonElement entity, string attribute) =>
        [.. entity.GetProperty(attribute).EnumerateArray().Select(i => i.GetProperty("value").GetDouble())];

    [Fact]
    public async Task History_lists_instances_oldest_first()
    {
        var id = await ObservedSegmentAsync();
        var response = await _client.GetAsync(TemporalUrl(id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("rel=\"http://www.w3.org/ns/json-ld#context\"", Assert.Single(response.Headers.GetValues("Link")));
        var entity = await Ngsi.JsonOf(response);
        Assert.Equal(id, entity.GetProperty("id").GetString());
        Assert.Equal("RoadSegment", entity.GetProperty("type").GetString());
        var instances = entity.GetProperty("speed").EnumerateArray().ToArray();
        Assert.Equal(3, instances.Length);
        Assert.All(instances, i => Assert.Equal("Property", i.GetProperty("type").GetString()));
        Assert.All(instances, i => Assert.Equal("KMH", i.GetProperty("unitCode").GetString()));
        Assert.Equal(new[] { 42.5, 30, 20 }, Values(entity, "speed"));
        Assert.Equal(new[] { "2026-03-01T08:00:00Z", "2026-03-01T08:05:00Z", "2026-03-01T08:10:00Z" },
            instances.Select(i => i.GetProperty("observedAt").GetString()).ToArray());
        // Static properties and relationships have no history.
        Assert.False(entity.TryGetProperty("name", out _));
        Assert.False(entity.TryGetProperty("refIntersection", out _));
    }

    [Theory]
    [InlineData("lastN=2", new[] { 30.0, 20 })]
    [InlineData("timerel=before&timeAt=2026-03-01T08:05:00Z", new[] { 42.5 })]
    [InlineData("timerel=after&timeAt=2026-03-01T08:05:00Z", new[] { 20.0 })]
    [InlineData("timerel=between&timeAt=2026-03-01T08:00:00Z&endTimeAt=2026-03-01T08:10:00Z", new[] { 42.5, 30 })]
    [InlineData("timerel=after&timeAt=2026-03-01T08:00:00.5Z", new[] { 30.0, 20 })]
    [InlineData("timerel=after&timeAt=2026-03-01T07:00:00Z&lastN=1", new[] { 20.0 })]
    [InlineData("attrs=speed&timeproperty=observedAt", new[] { 42.5, 30, 20 })]
    public async Task Time_filters_select_instances(string query, double[] expected)
    {
        var id = await ObservedSegmentAsync();
        Assert.Equal(expected, Values(await _client.GetJsonAsync($"{TemporalUrl(id)}?{query}"), "speed"));
    }

    [Fact]
    public async Task A_window_without_instances_leaves_the_attribute_out()
    {
        var id = await ObservedSegmentAsync();
        var entity = await _client.GetJsonAsync($"{TemporalUrl(id)}?timerel=before&timeAt=2020-01-01T00:00:00Z");
        Assert.False(entity.TryGetProperty("speed", out _));
        Assert.Equal(id, entity.GetProperty("id").GetString());
    }

    [Fact]
    public async Task TemporalValues_is_the_simplified_form()
    {
        var id = await ObservedSegmentAsync();
        foreach (var query in new[] { "options=temporalValues", "format=temporalValues" })
        {
            var speed = (await _client.GetJsonAsync($"{TemporalUrl(id)}?{query}")).GetProperty("speed");
            Assert.Equal("Property", speed.GetProperty("type").GetString());
            var values = speed.GetProperty("values").EnumerateArray().ToArray();
            Assert.Equal(3, values.Length);
            Assert.Equal(30, values[1][0].GetDouble());
            Assert.Equal("2026-03-01T08:05:00Z", values[1][1].GetString());
        }
    }

    [Fact]
    public async Task Ld_json_history_embeds_the_context()
    {
        var id = await ObservedSegmentAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, TemporalUrl(id));
        request.Headers.Accept.ParseAdd(Ngsi.JsonLd);
        var response = await _client.SendAsync(request);
        Assert.Equal(Ngsi.JsonLd, response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("/ngsi-ld/v1/context.jsonld", (await Ngsi.JsonOf(response)).GetProperty("@context").GetString());
    }

    [Fact]
    public async Task Missing_entity_is_404()
    {
        await Ngsi.AssertProblemAsync(await _client.GetAsync(TemporalUrl(Ngsi.NewId())), HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Theory]
    [InlineData("timerel=during&timeAt=2026-03-01T08:00:00Z", 400, "BadRequestData", "timerel")]
    [InlineData("timerel=before", 400, "BadRequestData", "timeAt")]
    [InlineData("timeAt=2026-03-01T08:00:00Z", 400, "BadRequestData", "timerel")]
    [InlineData("timerel=before&timeAt=yesterday", 400, "BadRequestData", "timeAt")]
    [InlineData("timerel=before&timeAt=01/03/2026", 400, "BadRequestData", "timeAt")]
    [InlineData("timerel=between&timeAt=2026-03-01T08:00:00Z", 400, "BadRequestData", "endTimeAt")]
    [InlineData("timerel=between&timeAt=2026-03-01T08:00:00Z&endTimeAt=2026-03-01T07:00:00Z", 400, "BadRequestData", "endTimeAt")]
    [InlineData("timerel=before&timeAt=2026-03-01T08:00:00Z&endTimeAt=2026-03-01T09:00:00Z", 400, "BadRequestData", "endTimeAt")]
    [InlineData("lastN=0", 400, "BadRequestData", "lastN")]
    [InlineData("lastN=many", 400, "BadRequestData", "lastN")]
    [InlineData("timeproperty=modifiedAt", 422, "OperationNotSupported", "timeproperty")]
    [InlineData("options=keyValues", 400, "BadRequestData", "options")]
    [InlineData("attrs=", 400, "BadRequestData", "attrs")]
    public async Task Bad_parameters_are_4xx_naming_the_parameter(string query, int status, string errorType, string field)
    {
        var id = await ObservedSegmentAsync();
        await Ngsi.AssertProblemAsync(await _client.GetAsync($"{TemporalUrl(id)}?{query}"), (HttpStatusCode)status, errorType, field);
    }
}
