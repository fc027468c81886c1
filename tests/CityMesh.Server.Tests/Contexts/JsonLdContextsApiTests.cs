using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CityMesh.Server.Tests.Contexts;

/// <summary>
/// The twin with a context server beside it on loopback (private targets allowed, as for a city's internal context
/// host) and the suite's term context preloaded from its file under its published URL.
/// </summary>
public sealed class ContextApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public ContextServer Contexts { get; private set; } = null!;

    public async Task InitializeAsync() => Contexts = await ContextServer.StartAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("target", "twin");
        builder.UseSetting("CityMesh:Twin:Store", "memory");
        TestAccess.Configure(builder);
        builder.UseSetting("CityMesh:JsonLd:AllowPrivateTargets", "true");
        builder.UseSetting("CityMesh:JsonLd:PreloadFolder", Path.GetDirectoryName(ContextServer.SuiteFile("ngsi-ld-test-suite.jsonld")));
        builder.UseSetting("CityMesh:JsonLd:Preload:0:Url", ContextServer.SuiteContextUrl);
        builder.UseSetting("CityMesh:JsonLd:Preload:0:File", "ngsi-ld-test-suite.jsonld");
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.AsAdmin();
    }

    public HttpClient ClientAs(string? role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        if (role is not null) client.DefaultRequestHeaders.Add("X-Api-Key", TestAccess.KeyOf(role));
        return client;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Contexts.DisposeAsync();
    }
}

/// <summary>
/// <c>/jsonldContexts</c> end to end, and entities written and read through the ETSI suite's contexts: names expand
/// with the context a request names and compact with the one the answer is asked in.
/// </summary>
public sealed class JsonLdContextsApiTests(ContextApiFactory factory) : IClassFixture<ContextApiFactory>
{
    private const string Suite = "https://ngsi-ld-test-suite/context#";
    private const string Core = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";
    private const string Contexts = $"{Ngsi.Base}/jsonldContexts";
    private readonly HttpClient _client = factory.CreateClient();

    private static string Link(string url) => $"<{url}>; rel=\"{Ngsi.ContextRel}\"; type=\"application/ld+json\"";

    private async Task<HttpResponseMessage> GetWithContextAsync(string path, string contextUrl)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Link", Link(contextUrl));
        return await _client.SendAsync(request);
    }

    private async Task<string> HostAsync(string document)
    {
        var response = await _client.PostAsync(Contexts, document, Ngsi.JsonLd);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    private async Task<JsonElement[]> DetailsAsync(string query = "") =>
        [.. (await _client.GetJsonAsync($"{Contexts}?details=true{query}")).EnumerateArray()];

    [Fact]
    public async Task An_entity_written_with_the_suites_compound_context_reads_back_with_it_and_with_the_core_context()
    {
        var compound = factory.Contexts.CompoundUrl;
        var id = "urn:ngsi-ld:Vehicle:" + Guid.NewGuid().ToString("N");
        var entity = $$"""
            {"@context": "{{compound}}", "id": "{{id}}", "type": "Vehicle",
             "brandName": {"type": "Property", "value": "Mercedes"},
             "speed": {"type": "Property", "value": 80},
             "isParked": {"type": "Relationship", "object": "urn:ngsi-ld:OffStreetParking:Downtown1"} }
            """;
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync($"{Ngsi.Base}/entities", entity, Ngsi.JsonLd)).StatusCode);

        var asSent = await Ngsi.JsonOf(await GetWithContextAsync(Ngsi.EntityUrl(id), compound));
        Assert.Equal("Vehicle", asSent.GetProperty("type").GetString());
        Assert.Equal("Mercedes", asSent.GetProperty("brandName").GetProperty("value").GetString());
        Assert.Equal(80, asSent.GetProperty("speed").GetProperty("value").GetDouble());
        Assert.Equal("urn:ngsi-ld:OffStreetParking:Downtown1", asSent.GetProperty("isParked").GetProperty("object").GetString());

        var onCore = await Ngsi.JsonOf(await GetWithContextAsync(Ngsi.EntityUrl(id), Core));
        Assert.Equal(Suite + "Vehicle", onCore.GetProperty("type").GetString());
        Assert.Equal("Mercedes", onCore.GetProperty(Suite + "brandName").GetProperty("value").GetString());
        Assert.Equal(80, onCore.GetProperty(Suite + "speed").GetProperty("value").GetDouble());
        // Not in the suite's context: the default vocabulary, so the same short name under both.
        Assert.True(onCore.TryGetProperty("isParked", out _));

        var byType = await Ngsi.JsonOf(await GetWithContextAsync($"{Ngsi.Base}/entities?type=Vehicle&q=brandName==%22Mercedes%22", compound));
        Assert.Contains(byType.EnumerateArray(), e => e.GetProperty("id").GetString() == id);
        // The compound was fetched from the context server once; the term context it names came from its preloaded file.
        Assert.Equal(1, factory.Contexts.Hits("/suite/ngsi-ld-test-suite-compound.jsonld"));
        Assert.Equal(0, factory.Contexts.Hits("/suite/ngsi-ld-test-suite.jsonld"));
    }

    [Fact]
    public async Task A_posted_context_is_hosted_served_named_in_a_link_header_listed_and_deleted()
    {
        var location = await HostAsync("""{"@context": {"Lamp": "https://lights.example.org/Lamp", "lux": "https://lights.example.org/lux"}}""");
        Assert.StartsWith("http://localhost/ngsi-ld/v1/jsonldContexts/", location);
        var localId = location[(location.LastIndexOf('/') + 1)..];

        var served = await factory.ClientAs(null).GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(Ngsi.JsonLd, served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://lights.example.org/Lamp", (await Ngsi.JsonOf(served)).GetProperty("@context").GetProperty("Lamp").GetString());

        var id = "urn:ngsi-ld:Lamp:" + Guid.NewGuid().ToString("N");
        using (var post = new HttpRequestMessage(HttpMethod.Post, $"{Ngsi.Base}/entities"))
        {
            post.Content = Ngsi.Body($$"""{"id": "{{id}}", "type": "Lamp", "lux": {"type": "Property", "value": 300} }""");
            post.Headers.TryAddWithoutValidation("Link", Link(location));
            Assert.Equal(HttpStatusCode.Created, (await _client.SendAsync(post)).StatusCode);
        }
        var onCore = await Ngsi.JsonOf(await GetWithContextAsync(Ngsi.EntityUrl(id), Core));
        Assert.Equal("https://lights.example.org/Lamp", onCore.GetProperty("type").GetString());
        var hosted = await GetWithContextAsync(Ngsi.EntityUrl(id), location);
        Assert.Contains(location, Assert.Single(hosted.Headers.GetValues("Link")));
        Assert.Equal(300, (await Ngsi.JsonOf(hosted)).GetProperty("lux").GetProperty("value").GetDouble());

        Assert.Contains(location, (await _client.GetJsonAsync(Contexts)).Strings());
        var details = Assert.Single(await DetailsAsync("&kind=Hosted"), d => d.GetProperty("localId").GetString() == localId);
        Assert.Equal(location, details.GetProperty("URL").GetString());
        Assert.Equal("Hosted", details.GetProperty("kind").GetString());
        Assert.True(details.GetProperty("numberOfHits").GetInt64() >= 3);
        Assert.True(details.TryGetProperty("lastUsage", out _));
        var one = await _client.GetJsonAsync($"{Contexts}/{localId}?details=true");
        Assert.Equal(localId, one.GetProperty("localId").GetString());
        Assert.True(one.TryGetProperty("createdAt", out _));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"{Contexts}/{localId}")).StatusCode);
        await Ngsi.AssertProblemAsync(await _client.GetAsync(location), HttpStatusCode.NotFound, "ResourceNotFound");
        Assert.DoesNotContain(location, (await _client.GetJsonAsync(Contexts)).Strings());
    }

    [Fact]
    public async Task The_list_holds_the_core_and_citymesh_contexts_and_fetched_ones_filtered_by_kind()
    {
        var url = factory.Contexts.Serve("/list/ctx.jsonld", """{"@context": {"depth": "https://water.example.org/depth"}}""");
        var query = await GetWithContextAsync($"{Ngsi.Base}/entities?type=Gauge", url);
        Assert.True(query.StatusCode == HttpStatusCode.OK, await query.Content.ReadAsStringAsync());

        var cached = await DetailsAsync("&kind=Cached");
        Assert.All(cached, d => Assert.Equal("Cached", d.GetProperty("kind").GetString()));
        Assert.Contains(cached, d => d.GetProperty("URL").GetString() == Core);
        Assert.Contains(cached, d => d.GetProperty("URL").GetString() == ContextServer.SuiteContextUrl
            && d.GetProperty("extraInfo").GetProperty("origin").GetString() == "preloaded");
        var fetched = Assert.Single(cached, d => d.GetProperty("URL").GetString() == url);
        Assert.Equal("fetched", fetched.GetProperty("extraInfo").GetProperty("origin").GetString());
        Assert.Equal(1, fetched.GetProperty("numberOfHits").GetInt64());
        Assert.Contains(await DetailsAsync("&kind=Hosted"), d => d.GetProperty("URL").GetString() == Ngsi.CityMeshContextUrl);
        Assert.Empty(await DetailsAsync("&kind=ImplicitlyCreated"));

        // A cached context is described here, and served by its origin.
        var byUrl = await _client.GetJsonAsync($"{Contexts}/{Uri.EscapeDataString(url)}?details=true");
        Assert.Equal("Cached", byUrl.GetProperty("kind").GetString());
        await Ngsi.AssertProblemAsync(await _client.GetAsync($"{Contexts}/{Uri.EscapeDataString(url)}"),
            HttpStatusCode.UnprocessableEntity, "OperationNotSupported", "contextId");
    }

    [Fact]
    public async Task Reload_fetches_a_cached_context_again_and_delete_forgets_it()
    {
        var url = factory.Contexts.Serve("/reload/ctx.jsonld", """{"@context": {"level": "https://v1.example.org/level"}}""");
        Assert.Equal(HttpStatusCode.OK, (await GetWithContextAsync($"{Ngsi.Base}/entities?type=Tank", url)).StatusCode);
        factory.Contexts.Serve("/reload/ctx.jsonld", """{"@context": {"level": "https://v2.example.org/level"}}""");
        var localId = Assert.Single(await DetailsAsync(), d => d.GetProperty("URL").GetString() == url).GetProperty("localId").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"{Contexts}/{localId}?reload=true")).StatusCode);
        Assert.Equal(2, factory.Contexts.Hits("/reload/ctx.jsonld"));
        var id = "urn:ngsi-ld:Tank:" + Guid.NewGuid().ToString("N");
        using (var post = new HttpRequestMessage(HttpMethod.Post, $"{Ngsi.Base}/entities"))
        {
            post.Content = Ngsi.Body($$"""{"id": "{{id}}", "type": "Tank", "level": {"type": "Property", "value": 3} }""");
            post.Headers.TryAddWithoutValidation("Link", Link(url));
            Assert.Equal(HttpStatusCode.Created, (await _client.SendAsync(post)).StatusCode);
        }
        Assert.True((await Ngsi.JsonOf(await GetWithContextAsync(Ngsi.EntityUrl(id), Core))).TryGetProperty("https://v2.example.org/level", out _));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"{Contexts}/{localId}")).StatusCode);
        Assert.DoesNotContain(await DetailsAsync(), d => d.GetProperty("URL").GetString() == url);
        Assert.Equal(HttpStatusCode.OK, (await GetWithContextAsync($"{Ngsi.Base}/entities?type=Tank", url)).StatusCode);
        Assert.Equal(3, factory.Contexts.Hits("/reload/ctx.jsonld"));
    }

    [Theory]
    [InlineData("""{"Lamp": "https://lights.example.org/Lamp"}""", "@context")]
    [InlineData("""{"@context": {"lux": 3}}""", "@context.lux")]
    [InlineData("""{"@context": {"lux": "https://x.example.org/lux"}, "extra": 1}""", "extra")]
    [InlineData("""{"@context": 42}""", "@context")]
    public async Task A_bad_context_document_is_bad_request_data_naming_the_field(string document, string field) =>
        await Ngsi.AssertProblemAsync(await _client.PostAsync(Contexts, document, Ngsi.JsonLd), HttpStatusCode.BadRequest, "BadRequestData", field);

    [Fact]
    public async Task A_posted_context_naming_an_unavailable_context_is_503()
    {
        var problem = await Ngsi.AssertProblemAsync(await _client.PostAsync(Contexts, """{"@context": ["http://169.254.169.254/latest/meta-data/"]}""", Ngsi.JsonLd),
            HttpStatusCode.ServiceUnavailable, "LdContextNotAvailable", "@context[0]");
        Assert.Contains("169.254.169.254", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Built_in_contexts_cannot_be_deleted_nor_hosted_ones_reloaded()
    {
        await Ngsi.AssertProblemAsync(await _client.DeleteAsync($"{Contexts}/{Uri.EscapeDataString(Core)}"), HttpStatusCode.BadRequest, "BadRequestData", "contextId");
        await Ngsi.AssertProblemAsync(await _client.DeleteAsync($"{Contexts}/citymesh"), HttpStatusCode.BadRequest, "BadRequestData", "contextId");
        var location = await HostAsync("""{"@context": {"a": "https://a.example.org/a"}}""");
        await Ngsi.AssertProblemAsync(await _client.DeleteAsync(location + "?reload=true"), HttpStatusCode.BadRequest, "BadRequestData", "reload");
        await Ngsi.AssertProblemAsync(await _client.DeleteAsync($"{Contexts}/no-such-context"), HttpStatusCode.NotFound, "ResourceNotFound");
        await Ngsi.AssertProblemAsync(await _client.GetAsync($"{Contexts}?kind=Elsewhere"), HttpStatusCode.BadRequest, "BadRequestData", "kind");
        await Ngsi.AssertProblemAsync(await _client.GetAsync($"{Contexts}?details=yes"), HttpStatusCode.BadRequest, "BadRequestData", "details");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var problem = await Ngsi.JsonOf(response);
        Assert.Equal($"https://citymesh.io/problems/{status}", problem.GetProperty("type").GetString());
        Assert.Contains("context", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Operators_and_admins_manage_contexts_viewers_list_them_and_anyone_reads_a_hosted_one()
    {
        const string document = """{"@context": {"b": "https://b.example.org/b"}}""";
        Assert.Equal(HttpStatusCode.Created, (await factory.ClientAs("operator").PostAsync(Contexts, document, Ngsi.JsonLd)).StatusCode);
        await AssertRefusedAsync(await factory.ClientAs("viewer").PostAsync(Contexts, document, Ngsi.JsonLd), HttpStatusCode.Forbidden);
        await AssertRefusedAsync(await factory.ClientAs("data-provider").DeleteAsync($"{Contexts}/x"), HttpStatusCode.Forbidden);
        var anonymous = factory.ClientAs(null);
        await AssertRefusedAsync(await anonymous.PostAsync(Contexts, document, Ngsi.JsonLd), HttpStatusCode.Unauthorized);
        await AssertRefusedAsync(await anonymous.GetAsync(Contexts), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientAs("viewer").GetAsync($"{Contexts}?details=true")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"{Contexts}/citymesh")).StatusCode);
    }
}
