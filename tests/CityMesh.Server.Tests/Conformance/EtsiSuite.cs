using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CityMesh.Server.Tests.Contexts;

namespace CityMesh.Server.Tests.Conformance;

/// <summary>
/// The ETSI suite's entity files (<c>../shared/ngsi-ld/etsi-suite/data/entities</c>) as requests and expectations, and
/// the comparison the suite makes: an answer equals an expectation when every member is equal, ignoring
/// <c>@context</c>, the spelling of an instant (…00.000Z and …00Z) and the order of an attribute's instances.
/// </summary>
internal static class EtsiSuite
{
    /// <summary>The ids the suite's files carry, each replaced by the test's own.</summary>
    private static readonly string[] RandomIds = ["urn:ngsi-ld:Vehicle:randomUUID", "urn:ngsi-ld:OffStreetParking:randomUUID", "urn:ngsi-ld:Building:randomUUID", "RandomUuidToBeReplaced"];

    /// <summary>The Link header naming the suite's compound context (its own terms and the core context).</summary>
    public static readonly string Link = $"<{ContextServer.SuiteCompoundUrl}>; rel=\"{Ngsi.ContextRel}\"; type=\"{Ngsi.JsonLd}\"";

    /// <summary>A file of data/entities as published, e.g. <c>fragmentEntities/empty-fragment.json</c>.</summary>
    public static string Text(string file) => File.ReadAllText(SharedData.EtsiSuite($"entities/{file}"));

    /// <summary>A file of data/entities with <paramref name="id"/> for the suite's random id.</summary>
    public static string WithId(string file, string id) => RandomIds.Aggregate(Text(file), (text, random) => text.Replace(random, id));

    /// <summary>An expectation (data/entities/expectations) for the entity <paramref name="id"/>, ready to compare.</summary>
    public static JsonNode Expected(string file, string id) => Comparable(JsonNode.Parse(WithId($"expectations/{file}", id)))!;

    public static string NewId(string type) => Ngsi.NewId(type);

    /// <summary>Creates an entity from a suite file as the suite does: application/ld+json with the file's @context.</summary>
    public static async Task<string> CreateAsync(HttpClient client, string file, string type)
    {
        var id = NewId(type);
        var response = await client.PostAsync($"{Ngsi.Base}/entities", WithId(file, id), Ngsi.JsonLd);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{file}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return id;
    }

    /// <summary>A request, naming the suite's context in a Link header when <paramref name="suiteLink"/>.</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path,
        string? body = null, string contentType = Ngsi.JsonLd, bool suiteLink = false, string accept = Ngsi.JsonLd)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = Ngsi.Body(body, contentType);
        if (suiteLink) request.Headers.TryAddWithoutValidation("Link", Link);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return client.SendAsync(request);
    }

    /// <summary>A GET answered 200, its body as JSON.</summary>
    public static async Task<JsonNode> GetAsync(HttpClient client, string path, bool suiteLink, string accept = Ngsi.JsonLd)
    {
        var response = await SendAsync(client, HttpMethod.Get, path, suiteLink: suiteLink, accept: accept);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The entity as the suite reads it back after a change: with its context, in application/ld+json.</summary>
    public static Task<JsonNode> RetrieveAsync(HttpClient client, string id) => GetAsync(client, Ngsi.EntityUrl(id), suiteLink: true);

    /// <summary>Equal as the suite compares, both sides shown when not.</summary>
    public static void AssertSame(JsonNode expected, JsonNode? actual, string what)
    {
        var comparable = Comparable(actual);
        Assert.True(JsonNode.DeepEquals(Comparable(expected), comparable), $"{what}\nexpected {Comparable(expected)!.ToJsonString()}\n     got {comparable?.ToJsonString()}");
    }

    /// <summary>
    /// Without @context; each instant in one spelling; an attribute's instances (an array of attribute objects) in
    /// one order, since the order of datasetId instances carries no meaning.
    /// </summary>
    public static JsonNode? Comparable(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(m => m.Key != "@context").OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => KeyValuePair.Create(m.Key, Comparable(m.Value)))),
        JsonArray a when a.Count > 1 && a.All(IsAttribute) =>
            new JsonArray([.. a.Select(Comparable).OrderBy(i => i!.ToJsonString(), StringComparer.Ordinal)]),
        JsonArray a => new JsonArray([.. a.Select(Comparable)]),
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length >= 20 && s[10] == 'T' && s.EndsWith('Z')
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var t) =>
            JsonValue.Create(t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
        _ => node?.DeepClone(),
    };

    private static bool IsAttribute(JsonNode? node) =>
        node is JsonObject o && o["type"] is JsonValue v && v.TryGetValue<string>(out var type) && type is "Property" or "Relationship"
            or "GeoProperty" or "LanguageProperty" or "JsonProperty" or "VocabProperty" or "ListProperty";
}
