using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>JSON-LD: the context document, the Link header and @context rules, and names through other contexts.</summary>
public sealed class ContextTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    private const string CoreContext = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";
    /// <summary>Names the CityMesh context in a Link header (<see cref="TwinApiFactory"/>).</summary>
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>Names no context unless a test does: for ld+json bodies and the core context default.</summary>
    private readonly HttpClient _core = factory.ClientOnCoreContext();

    private static string CityMeshContextUrl => Ngsi.CityMeshContextUrl;

    [Fact]
    public async Task Context_document_maps_citymesh_terms_and_smart_data_model_types()
    {
        var response = await _client.GetAsync($"{Ngsi.Base}/context.jsonld");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Ngsi.JsonLd, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age", response.Headers.CacheControl?.ToString());
        var document = await Ngsi.JsonOf(response);
        var context = document.GetProperty("@context");
        Assert.Equal(CoreContext, context[0].GetString());
        var terms = context[1];
        Assert.Equal("https://citymesh.io/ns/", terms.GetProperty("citymesh").GetString());
        // category and status are data, not CityMesh terms: a Smart Data Model's own ones keep their meaning.
        Assert.False(terms.TryGetProperty("category", out _));
        Assert.False(terms.TryGetProperty("status", out _));
        Assert.Equal("citymesh:appearance", terms.GetProperty("appearance").GetString());
        Assert.Equal("sdm:dataModel.Transportation/RoadSegment", terms.GetProperty("RoadSegment").GetString());
        Assert.Equal("sdm:dataModel.Transportation/TrafficFlowObserved", terms.GetProperty("TrafficFlowObserved").GetString());
        Assert.Equal("sdm:dataModel.Environment/AirQualityObserved", terms.GetProperty("AirQualityObserved").GetString());
        Assert.Equal("sdm:dataModel.Building/Building", terms.GetProperty("Building").GetString());
        Assert.Equal("citymesh:FloodGauge", terms.GetProperty("FloodGauge").GetString());
    }

    [Fact]
    public async Task Json_answers_carry_the_context_in_a_Link_header()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        var response = await _client.GetAsync(Ngsi.EntityUrl(id));
        Assert.Equal(Ngsi.Json, response.Content.Headers.ContentType?.MediaType);
        var link = Assert.Single(response.Headers.GetValues("Link"));
        Assert.Equal($"<{CityMeshContextUrl}>; rel=\"{Ngsi.ContextRel}\"; type=\"application/ld+json\"", link);
        var entity = await Ngsi.JsonOf(response);
        Assert.False(entity.TryGetProperty("@context", out _));
    }

    [Fact]
    public async Task Ld_json_answers_embed_the_context()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        using var request = new HttpRequestMessage(HttpMethod.Get, Ngsi.EntityUrl(id));
        request.Headers.Accept.ParseAdd(Ngsi.JsonLd);
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Ngsi.JsonLd, response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Link"));
        var entity = await Ngsi.JsonOf(response);
        Assert.Equal(CityMeshContextUrl, entity.GetProperty("@context").GetString());
        Assert.Equal("RoadSegment", entity.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("application/json", Ngsi.Json)]
    [InlineData("*/*", Ngsi.Json)]
    [InlineData("application/*", Ngsi.Json)]
    [InlineData("application/ld+json", Ngsi.JsonLd)]
    [InlineData("application/json;q=0.5, application/ld+json", Ngsi.JsonLd)]
    [InlineData("application/ld+json;q=0.2, application/json;q=0.9", Ngsi.Json)]
    [InlineData("*/*, application/ld+json", Ngsi.JsonLd)]
    [InlineData("text/html, application/json", Ngsi.Json)]
    public async Task Accept_picks_the_answer_type(string accept, string expected)
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        using var request = new HttpRequestMessage(HttpMethod.Get, Ngsi.EntityUrl(id));
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/geo+json")]
    [InlineData("application/json;q=0")]
    public async Task Unacceptable_accept_is_406(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Ngsi.Base}/entities?type=RoadSegment");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await _client.SendAsync(request);
        await Ngsi.AssertProblemAsync(response, HttpStatusCode.NotAcceptable, "InvalidRequest", "Accept");
    }

    [Fact]
    public async Task Ld_json_body_with_our_context_is_accepted()
    {
        var id = Ngsi.NewId();
        var json = $$"""{"@context": "{{CityMeshContextUrl}}", "id": "{{id}}", "type": "Building", "height": {"type": "Property", "value": 31} }""";
        var response = await _core.PostAsync($"{Ngsi.Base}/entities", json, Ngsi.JsonLd);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var entity = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal("Building", entity.GetProperty("type").GetString());
        Assert.False(entity.TryGetProperty("category", out _));
        Assert.Equal(31, entity.GetProperty("height").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Ld_json_body_with_core_and_our_context_is_ours()
    {
        var id = Ngsi.NewId();
        var json = $$"""{"@context": ["{{CoreContext}}", "https://twin.example.org/ngsi-ld/v1/context.jsonld"], "id": "{{id}}", "type": "RoadSegment"}""";
        Assert.Equal(HttpStatusCode.Created, (await _core.PostAsync($"{Ngsi.Base}/entities", json, Ngsi.JsonLd)).StatusCode);
        var entity = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal("RoadSegment", entity.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Inline_context_terms_map_onto_our_names()
    {
        var id = Ngsi.NewId();
        var json = $$"""
            {
              "@context": [{"velocity": "https://uri.etsi.org/ngsi-ld/default-context/speed", "Segment": "https://smartdatamodels.org/dataModel.Transportation/RoadSegment"}, "{{CoreContext}}"],
              "id": "{{id}}", "type": "Segment", "velocity": {"type": "Property", "value": 12}
            }
            """;
        Assert.Equal(HttpStatusCode.Created, (await _core.PostAsync($"{Ngsi.Base}/entities", json, Ngsi.JsonLd)).StatusCode);
        var entity = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal("RoadSegment", entity.GetProperty("type").GetString());
        Assert.Equal(12, entity.GetProperty("speed").GetProperty("value").GetDouble());
        Assert.False(entity.TryGetProperty("velocity", out _));
    }

    [Fact]
    public async Task A_client_on_the_core_context_reads_smart_data_model_types_as_IRIs()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        using var request = new HttpRequestMessage(HttpMethod.Get, Ngsi.EntityUrl(id));
        request.Headers.TryAddWithoutValidation("Link", $"<{CoreContext}>; rel=\"{Ngsi.ContextRel}\"; type=\"application/ld+json\"");
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(CoreContext, Assert.Single(response.Headers.GetValues("Link")));
        var entity = await Ngsi.JsonOf(response);
        Assert.Equal("https://smartdatamodels.org/dataModel.Transportation/RoadSegment", entity.GetProperty("type").GetString());
        Assert.Equal(42.5, entity.GetProperty("speed").GetProperty("value").GetDouble());
        Assert.False(entity.TryGetProperty("category", out _));
    }

    [Fact]
    public async Task Core_context_names_round_trip_through_a_core_context_client()
    {
        var id = Ngsi.NewId();
        var link = $"<{CoreContext}>; rel=\"{Ngsi.ContextRel}\"; type=\"application/ld+json\"";
        using (var post = new HttpRequestMessage(HttpMethod.Post, $"{Ngsi.Base}/entities"))
        {
            post.Content = Ngsi.Body($$"""{"id": "{{id}}", "type": "Sensor", "temperature": {"type": "Property", "value": 21.5} }""");
            post.Headers.TryAddWithoutValidation("Link", link);
            Assert.Equal(HttpStatusCode.Created, (await _client.SendAsync(post)).StatusCode);
        }
        using var get = new HttpRequestMessage(HttpMethod.Get, $"{Ngsi.Base}/entities?type=Sensor&id={Uri.EscapeDataString(id)}");
        get.Headers.TryAddWithoutValidation("Link", link);
        var list = await Ngsi.JsonOf(await _client.SendAsync(get));
        var entity = Assert.Single(list.EnumerateArray());
        Assert.Equal("Sensor", entity.GetProperty("type").GetString());
        Assert.Equal(21.5, entity.GetProperty("temperature").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Ld_json_without_context_is_bad_request_data()
    {
        var json = $$"""{"id": "{{Ngsi.NewId()}}", "type": "RoadSegment"}""";
        var response = await _core.PostAsync($"{Ngsi.Base}/entities", json, Ngsi.JsonLd);
        await Ngsi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequestData", "@context");
    }

    [Fact]
    public async Task Json_with_context_in_the_body_is_bad_request_data()
    {
        var json = $$"""{"@context": "{{CityMeshContextUrl}}", "id": "{{Ngsi.NewId()}}", "type": "RoadSegment"}""";
        var response = await _client.PostAsync($"{Ngsi.Base}/entities", json, Ngsi.Json);
        await Ngsi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequestData", "@context");
    }

    [Fact]
    public async Task Ld_json_with_a_context_link_is_bad_request_data()
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, $"{Ngsi.Base}/entities");
        post.Content = Ngsi.Body($$"""{"@context": "{{CityMeshContextUrl}}", "id": "{{Ngsi.NewId()}}", "type": "RoadSegment"}""", Ngsi.JsonLd);
        post.Headers.TryAddWithoutValidation("Link", $"<{CityMeshContextUrl}>; rel=\"{Ngsi.ContextRel}\"");
        await Ngsi.AssertProblemAsync(await _core.SendAsync(post), HttpStatusCode.BadRequest, "BadRequestData", "Link");
    }

    [Fact]
    public async Task An_unknown_remote_context_is_not_available()
    {
        var json = $$"""{"@context": "https://contexts.example.org/unknown.jsonld", "id": "{{Ngsi.NewId()}}", "type": "RoadSegment"}""";
        var response = await _core.PostAsync($"{Ngsi.Base}/entities", json, Ngsi.JsonLd);
        var problem = await Ngsi.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "LdContextNotAvailable", "@context");
        Assert.Contains("contexts.example.org", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unknown_context_in_a_Link_header_is_not_available()
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, $"{Ngsi.Base}/entities?type=RoadSegment");
        get.Headers.TryAddWithoutValidation("Link", $"<https://contexts.example.org/x.jsonld>; rel=\"{Ngsi.ContextRel}\"");
        await Ngsi.AssertProblemAsync(await _client.SendAsync(get), HttpStatusCode.ServiceUnavailable, "LdContextNotAvailable", "Link");
    }

    [Fact]
    public async Task Two_context_links_are_bad_request_data()
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, $"{Ngsi.Base}/entities?type=RoadSegment");
        get.Headers.TryAddWithoutValidation("Link",
            $"<{CoreContext}>; rel=\"{Ngsi.ContextRel}\", <{CityMeshContextUrl}>; rel=\"{Ngsi.ContextRel}\"");
        await Ngsi.AssertProblemAsync(await _client.SendAsync(get), HttpStatusCode.BadRequest, "BadRequestData", "Link");
    }

    [Fact]
    public async Task Other_link_relations_are_ignored()
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, $"{Ngsi.Base}/entities?type=RoadSegment&limit=1");
        get.Headers.TryAddWithoutValidation("Link", "<https://example.org/next>; rel=\"next\"");
        var response = await _client.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // No context link among them: the core context, as for a request without a Link header.
        Assert.Contains(CoreContext, Assert.Single(response.Headers.GetValues("Link")));
    }

    [Fact]
    public async Task Without_a_context_names_are_read_with_the_core_context()
    {
        var id = Ngsi.NewId("Sensor");
        Assert.Equal(HttpStatusCode.Created,
            (await _core.PostAsync($"{Ngsi.Base}/entities", $$"""{"id": "{{id}}", "type": "RoadSegment", "category": {"type": "Property", "value": "road"} }""")).StatusCode);
        var response = await _core.GetAsync(Ngsi.EntityUrl(id));
        Assert.Contains(CoreContext, Assert.Single(response.Headers.GetValues("Link")));
        var entity = await Ngsi.JsonOf(response);
        // Not CityMesh's RoadSegment nor its category: the core context's default vocabulary, read back as sent.
        Assert.Equal("RoadSegment", entity.GetProperty("type").GetString());
        Assert.Equal("road", entity.GetProperty("category").GetProperty("value").GetString());
        var ours = await _client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal("https://uri.etsi.org/ngsi-ld/default-context/RoadSegment", ours.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_tenant_header_from_a_caller_of_the_city_is_refused()
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, $"{Ngsi.Base}/entities?type=RoadSegment");
        get.Headers.TryAddWithoutValidation("NGSILD-Tenant", "other-city");
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.SendAsync(get)).StatusCode);
    }

    [Fact]
    public async Task Batch_items_in_ld_json_each_carry_their_context()
    {
        var good = Ngsi.NewId();
        var bad = Ngsi.NewId();
        var json = $$"""
            [
              {"@context": "{{CityMeshContextUrl}}", "id": "{{good}}", "type": "RoadSegment"},
              {"id": "{{bad}}", "type": "RoadSegment"}
            ]
            """;
        var response = await _core.PostAsync($"{Ngsi.Base}/entityOperations/upsert", json, Ngsi.JsonLd);
        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var result = await Ngsi.JsonOf(response);
        Assert.Equal(new[] { good }, result.GetProperty("success").Strings());
        var error = Assert.Single(result.GetProperty("errors").EnumerateArray());
        Assert.Equal(bad, error.GetProperty("entityId").GetString());
        Assert.Equal("[1].@context", error.GetProperty("error").GetProperty("field").GetString());
        Assert.Equal(JsonValueKind.Object, (await _client.GetJsonAsync(Ngsi.EntityUrl(good))).ValueKind);
        await _client.GetJsonAsync(Ngsi.EntityUrl(bad), HttpStatusCode.NotFound);
    }
}
