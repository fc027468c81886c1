using System.Text.Json;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Server.Tests;

/// <summary>Term expansion and compaction, and resolving the contexts a request names.</summary>
public sealed class LdContextTests
{
    private const string Core = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";
    private const string Vocab = "https://uri.etsi.org/ngsi-ld/default-context/";

    /// <summary>Fetches only from a host that does not exist, so a remote URL here is refused by policy without a network.</summary>
    private static readonly ContextSource Source = new(new JsonLdOptions { AllowedHosts = ["contexts.citymesh.invalid"] }, [], null,
        TimeProvider.System, NullLogger<ContextSource>.Instance);

    private static Task<LdContext> FromBodyAsync(string json) =>
        LdContextResolver.FromBodyAsync(JsonDocument.Parse(json).RootElement.Clone(), Source, CancellationToken.None);

    private static Task<LdContext> FromLinkHeaderAsync(Microsoft.Extensions.Primitives.StringValues header) =>
        LdContextResolver.FromLinkHeaderAsync(header, Source, CancellationToken.None);

    [Fact]
    public void CityMesh_context_expands_and_compacts_its_terms()
    {
        var context = LdContext.CityMesh;
        Assert.Equal("https://smartdatamodels.org/dataModel.Transportation/RoadSegment", context.Expand("RoadSegment"));
        Assert.Equal("https://citymesh.io/ns/appearance", context.Expand("appearance"));
        // category and status are data, not CityMesh terms: under the default vocabulary as for any client.
        Assert.Equal(Vocab + "category", context.Expand("category"));
        Assert.Equal(Vocab + "speed", context.Expand("speed"));
        Assert.Equal("https://citymesh.io/ns/thing", context.Expand("citymesh:thing"));
        Assert.Equal("urn:x:y", context.Expand("urn:x:y"));
        Assert.Equal("RoadSegment", context.Compact("https://smartdatamodels.org/dataModel.Transportation/RoadSegment"));
        Assert.Equal("speed", context.Compact(Vocab + "speed"));
        Assert.Equal("sdm:dataModel.Energy/Meter", context.Compact("https://smartdatamodels.org/dataModel.Energy/Meter"));
        Assert.Equal("citymesh:thing", context.Compact("https://citymesh.io/ns/thing"));
        Assert.Equal("category", context.Compact(Vocab + "category"));
        // "appearance" is a CityMesh term, so the core's appearance cannot compact to it.
        Assert.Equal(Vocab + "appearance", context.Compact(Vocab + "appearance"));
        Assert.Equal("https://elsewhere.org/x", context.Compact("https://elsewhere.org/x"));
    }

    [Fact]
    public async Task Known_urls_resolve_without_fetching()
    {
        Assert.Same(LdContext.CityMesh, await FromBodyAsync("\"https://twin.city.example/ngsi-ld/v1/context.jsonld\""));
        Assert.Same(LdContext.CityMesh, await FromBodyAsync($"[\"{Core}\", \"http://localhost:5000/ngsi-ld/v1/context.jsonld\"]"));
        var core = await FromBodyAsync($"\"{Core}\"");
        Assert.False(core.IsCityMesh);
        Assert.Equal(Core, core.Url);
        Assert.Equal(0, core.TermCount);
        Assert.Equal("https://smartdatamodels.org/dataModel.Transportation/RoadSegment", core.FromStored("RoadSegment"));
        Assert.Equal("speed", core.FromStored("speed"));
        const string unversioned = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld";
        Assert.Equal(unversioned, (await FromBodyAsync($"\"{unversioned}\"")).Url);
    }

    [Fact]
    public async Task Inline_contexts_define_terms_prefixes_vocab_and_removals()
    {
        var context = await FromBodyAsync("""
            [{"ex": "https://example.org/terms/", "velocity": "ex:velocity", "Segment": {"@id": "https://smartdatamodels.org/dataModel.Transportation/RoadSegment", "@type": "@id"},
              "@vocab": "https://example.org/vocab/", "plain": "word", "gone": null}]
            """);
        Assert.Equal("https://example.org/terms/velocity", context.Expand("velocity"));
        Assert.Equal("RoadSegment", context.ToStored("Segment"));
        Assert.Equal("Segment", context.FromStored("RoadSegment"));
        Assert.Equal("https://example.org/vocab/word", context.Expand("plain"));
        Assert.Equal("https://example.org/vocab/other", context.Expand("other"));
        Assert.Equal("https://example.org/vocab/gone", context.Expand("gone"));
        Assert.Equal("https://example.org/terms/velocity", context.ToStored("velocity"));
        Assert.Equal("velocity", context.FromStored("https://example.org/terms/velocity"));
    }

    [Theory]
    [InlineData("\"https://contexts.example.org/x.jsonld\"", 503, "@context")]
    [InlineData("[\"https://contexts.example.org/x.jsonld\"]", 503, "@context[0]")]
    [InlineData("\"not a url\"", 400, "@context")]
    [InlineData("42", 400, "@context")]
    [InlineData("[]", 400, "@context")]
    [InlineData("[[\"a\"]]", 400, "@context[0]")]
    [InlineData("{\"@vocab\": 3}", 400, "@context.@vocab")]
    [InlineData("{\"x\": 3}", 400, "@context.x")]
    [InlineData("{\"x\": {\"@id\": 3}}", 400, "@context.x.@id")]
    [InlineData("{\"@import\": \"https://a/b\"}", 422, "@context.@import")]
    [InlineData("{\"@nest\": \"x\"}", 400, "@context.@nest")]
    public async Task Bad_contexts_are_problems_naming_the_field(string json, int status, string field)
    {
        var e = await Assert.ThrowsAsync<NgsiProblemException>(() => FromBodyAsync(json));
        Assert.Equal(status, e.Problem.Status);
        Assert.Equal(field, e.Problem.Field);
    }

    [Theory]
    [InlineData("<https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"", false)]
    [InlineData("<http://h/ngsi-ld/v1/context.jsonld>; rel=http://www.w3.org/ns/json-ld#context", true)]
    [InlineData("<https://x/next>; rel=\"next\", <http://h:8080/ngsi-ld/v1/context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"", true)]
    public async Task Link_headers_name_contexts(string header, bool isCityMesh)
    {
        var context = await FromLinkHeaderAsync(header);
        Assert.Equal(isCityMesh, context.IsCityMesh);
    }

    [Theory]
    [InlineData("no brackets; rel=\"http://www.w3.org/ns/json-ld#context\"")]
    [InlineData("<>; rel=\"x\"")]
    public async Task Malformed_link_headers_are_bad_request_data(string header)
    {
        var e = await Assert.ThrowsAsync<NgsiProblemException>(() => FromLinkHeaderAsync(header));
        Assert.Equal("Link", e.Problem.Field);
    }

    [Fact]
    public async Task No_link_header_means_the_core_context()
    {
        var core = await FromLinkHeaderAsync(default);
        Assert.Same(LdContext.Core, core);
        Assert.Equal(Core, core.Url);
        Assert.Equal(Vocab + "RoadSegment", core.Expand("RoadSegment"));
        // Stored names stay CityMesh terms: a CityMesh type reads as its IRI, an attribute under the default vocabulary as itself.
        Assert.Equal("https://smartdatamodels.org/dataModel.Transportation/RoadSegment", core.FromStored("RoadSegment"));
        Assert.Equal("speed", core.ToStored("speed"));
    }
}
