using System.Net;
using System.Text.Json.Nodes;
using CityMesh.Server.Tests.Temporal;
using static CityMesh.Server.Tests.Conformance.EtsiSuite;

namespace CityMesh.Server.Tests.Conformance;

/// <summary>
/// The ETSI suite's expected bodies for retrieval and query (<c>data/entities/expectations</c>, the building and
/// two-types files; the vehicle ones are the fragments' expectations, <see cref="EtsiFragmentContract"/>): each
/// entity created from the suite's file, read or queried as the suite's case does (named by its id: 018 retrieve,
/// 019 query), and compared with the file, on each store (the classes at the end).
/// </summary>
public abstract class EtsiExpectationContract(HttpClient client)
{
    private HttpClient Client { get; } = client;

    private const string Suite = "https://ngsi-ld-test-suite/context#";
    private const string CoreContext = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";

    /// <summary>A query string from name=value pairs joined by &amp;, each value escaped (IRIs carry '#').</summary>
    private static string Escaped(string query) => string.Join('&', query.Split('&').Select(pair =>
        pair.IndexOf('=') is var at and > 0 ? $"{pair[..at]}={Uri.EscapeDataString(pair[(at + 1)..])}" : pair));

    private static string Query(string query) => $"{Ngsi.Base}/entities?{Escaped(query)}";

    /// <summary>The answer's entity with <paramref name="id"/>, which must be there once.</summary>
    private static JsonNode Entity(JsonNode answer, string id) => Assert.Single(answer.AsArray(), e => e!["id"]!.GetValue<string>() == id)!;

    // ---- 018 retrieve entity (5.7.1) ---------------------------------------------------------------------------

    [Fact]
    public async Task Retrieval_without_a_context_expands_names_and_with_the_creation_context_compacts_them_018_06()
    {
        var id = NewId("Building");
        var created = await SendAsync(Client, HttpMethod.Post, $"{Ngsi.Base}/entities", WithId("building-simple-attributes.json", id), Ngsi.Json, suiteLink: true);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        AssertSame(Expected("building-simple-attributes-expanded.json", id), await GetAsync(Client, Ngsi.EntityUrl(id), suiteLink: false, Ngsi.Json), "018_06_01");
        AssertSame(Expected("building-simple-attributes-compacted.json", id), await GetAsync(Client, Ngsi.EntityUrl(id), suiteLink: true, Ngsi.Json), "018_06_02");
    }

    [Theory]
    [InlineData("018_01_02", $"attrs={Suite}airQualityLevel,{Suite}subCategory", "building-simple-attributes-query.jsonld")]
    [InlineData("018_04_01", "options=keyValues", "building-simple-attributes-simplified.jsonld")]
    [InlineData("018_15_01", "format=keyValues", "building-simple-attributes-simplified.jsonld")]
    [InlineData("018_15_02", "format=simplified", "building-simple-attributes-simplified.jsonld")]
    [InlineData("018_15_03", "format=normalized", "building-simple-attributes.jsonld")]
    public async Task Retrieval_in_application_ld_json_with_the_core_context(string suiteCase, string query, string expectation)
    {
        var id = await CreateAsync(Client, "building-simple-attributes.jsonld", "Building");
        var answer = await GetAsync(Client, $"{Ngsi.EntityUrl(id)}?{Escaped(query)}", suiteLink: false);
        AssertSame(Expected(expectation, id), answer, suiteCase);
        Assert.Equal(CoreContext, CoreContextOf(answer));
    }

    // ---- 019 query entities (5.7.2) ----------------------------------------------------------------------------

    [Fact]
    public async Task Query_by_ids_and_type_019_01_01_and_by_POST_019_02_01()
    {
        var first = await CreateAsync(Client, "building-minimal.jsonld", "Building");
        var second = await CreateAsync(Client, "building-minimal.jsonld", "Building");

        var answer = await GetAsync(Client, Query($"id={first},{second}&type={Suite}Building"), suiteLink: false, Ngsi.Json);
        Assert.Equal(2, answer.AsArray().Count);
        foreach (var id in new[] { first, second }) AssertSame(Expected("building-minimal.json", id), Entity(answer, id), "019_01_01");

        var body = new JsonObject { ["type"] = "Query", ["entities"] = new JsonArray(new JsonObject { ["id"] = first, ["type"] = $"{Suite}Building" }) };
        var response = await SendAsync(Client, HttpMethod.Post, $"{Ngsi.Base}/entityOperations/query", body.ToJsonString(), Ngsi.Json, accept: Ngsi.Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"019_02_01: {(int)response.StatusCode} {text}");
        AssertSame(Expected("building-minimal.json", first), Assert.Single(JsonNode.Parse(text)!.AsArray()), "019_02_01");
    }

    [Fact]
    public async Task Query_by_several_types_019_01_02()
    {
        var vehicle = await CreateAsync(Client, "vehicle-simple-attributes.jsonld", "Vehicle");
        var parking = await CreateAsync(Client, "parking-simple-attributes.jsonld", "OffStreetParking");
        var building = await CreateAsync(Client, "building-minimal.jsonld", "Building");

        var answer = await GetAsync(Client, Query($"type={Suite}Vehicle,{Suite}OffStreetParking&id={vehicle},{parking},{building}"), suiteLink: false);
        Assert.Equal(2, answer.AsArray().Count);
        var expected = JsonNode.Parse(Text("expectations/two-types-vehicle-offstreetparking.jsonld")
            .Replace("urn:ngsi-ld:Vehicle:8012188779712372", vehicle).Replace("urn:ngsi-ld:OffStreetParking:8309214349077321", parking))!.AsArray();
        foreach (var entity in expected)
        {
            var id = entity!["id"]!.GetValue<string>();
            AssertSame(entity, Entity(answer, id), "019_01_02");
        }
    }

    [Fact]
    public async Task Query_by_attribute_names_returns_those_attributes_of_the_entities_that_have_them_019_01_04()
    {
        var first = await CreateAsync(Client, "building-simple-attributes.jsonld", "Building");
        var second = await CreateAsync(Client, "building-minimal.jsonld", "Building");

        var answer = await GetAsync(Client, Query($"attrs={Suite}airQualityLevel,{Suite}subCategory&id={first},{second}"), suiteLink: false, Ngsi.Json);
        AssertSame(Expected("building-attributes-query.json", first), Assert.Single(answer.AsArray()), "019_01_04");
    }

    [Fact]
    public async Task Query_in_a_simplified_representation_019_04_01()
    {
        var first = await CreateAsync(Client, "building-simple-attributes.jsonld", "Building");
        var second = await CreateAsync(Client, "building-simple-attributes.jsonld", "Building");

        var answer = await GetAsync(Client, Query($"id={first},{second}&type={Suite}Building&options=keyValues"), suiteLink: false, Ngsi.Json);
        foreach (var id in new[] { first, second }) AssertSame(Expected("building-simple-attributes-simplified.json", id), Entity(answer, id), "019_04_01");
    }

    [Fact]
    public async Task Query_by_a_geoquery_019_01_05()
    {
        var first = await CreateAsync(Client, "building-location-attribute.jsonld", "Building");
        var second = await CreateAsync(Client, "building-location-attribute.jsonld", "Building");

        var answer = await GetAsync(Client, Query($"type={Suite}Building&georel=equals&geometry=Point&coordinates=[13.3986,52.5547]&id={first},{second}"), suiteLink: false);
        Assert.Equal(2, answer.AsArray().Count);
        foreach (var id in new[] { first, second })
        {
            AssertSame(Expected("building-geoproperty-query.jsonld", id), Entity(answer, id), "019_01_05");
            Assert.Equal(CoreContext, CoreContextOf(Entity(answer, id)));
        }
        var elsewhere = await GetAsync(Client, Query($"type={Suite}Building&georel=equals&geometry=Point&coordinates=[13.3987,52.5547]&id={first},{second}"), suiteLink: false);
        Assert.Empty(elsewhere.AsArray());
    }

    /// <summary>The answer's @context: the core context alone, as a string or an array of one.</summary>
    private static string? CoreContextOf(JsonNode answer) => answer["@context"] switch
    {
        JsonArray { Count: 1 } one => one[0]!.GetValue<string>(),
        JsonValue value => value.GetValue<string>(),
        var other => other?.ToJsonString(),
    };
}

/// <summary>The suite's expectations on the memory store.</summary>
public sealed class MemoryEtsiExpectationTests(SuiteTwinFactory factory) : EtsiExpectationContract(factory.CreateClient()), IClassFixture<SuiteTwinFactory>;

/// <summary>The suite's expectations on PostgreSQL.</summary>
public sealed class PostgresEtsiExpectationTests(SuitePostgresTwinFactory factory) : EtsiExpectationContract(factory.CreateClient()), IClassFixture<SuitePostgresTwinFactory>;
