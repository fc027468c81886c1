using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CityMesh.Server.Tests;

/// <summary>Requests and assertions the NGSI-LD tests share.</summary>
internal static class Ngsi
{
    public const string Base = "/ngsi-ld/v1";
    public const string Json = "application/json";
    public const string JsonLd = "application/ld+json";
    public const string ContextRel = "http://www.w3.org/ns/json-ld#context";

    /// <summary>A fresh id, so tests sharing one server never see each other's entities.</summary>
    public static string NewId(string type = "RoadSegment") => $"urn:ngsi-ld:{type}:test:{Guid.NewGuid():N}";

    /// <summary>The CityMesh context as the test server serves it.</summary>
    public const string CityMeshContextUrl = "http://localhost/ngsi-ld/v1/context.jsonld";

    /// <summary>Names the CityMesh context on every request that names none itself (<see cref="TwinApiFactory"/>).</summary>
    public static HttpClient OnCityMeshContext(this HttpClient client)
    {
        client.DefaultRequestHeaders.TryAddWithoutValidation("Link", $"<{CityMeshContextUrl}>; rel=\"{ContextRel}\"; type=\"{JsonLd}\"");
        return client;
    }

    public static string EntityUrl(string id) => $"{Base}/entities/{Uri.EscapeDataString(id)}";

    public static HttpContent Body(string json, string contentType = Json) =>
        new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue(contentType));

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, string json, string contentType = Json) =>
        client.PostAsync(path, Body(json, contentType));

    public static Task<HttpResponseMessage> PatchAsync(this HttpClient client, string path, string json, string contentType = Json) =>
        client.PatchAsync(path, Body(json, contentType));

    public static async Task<HttpResponseMessage> CreateAsync(this HttpClient client, string entityJson)
    {
        var response = await client.PostAsync($"{Base}/entities", entityJson);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response;
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return await JsonOf(response);
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an NGSI-LD problem: status, error type, application/json, a field when given, no internals.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string errorType, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal($"https://uri.etsi.org/ngsi-ld/errors/{errorType}", problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (field is not null) Assert.Equal(field, problem.GetProperty("field").GetString());
        AssertNoInternals(text);
        return problem;
    }

    public static string[] Strings(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    public static void AssertNoInternals(string body)
    {
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain(".cs:line", body);
    }

    /// <summary>A RoadSegment in normalized form with a LineString location and the usual attribute kinds.</summary>
    public static string RoadSegment(string id, double speed = 42.5, string? extra = null) => $$$"""
        {
          "id": "{{{id}}}",
          "type": "RoadSegment",
          "location": {"type": "GeoProperty", "value": {"type": "LineString", "coordinates": [[8.54, 47.37], [8.55, 47.38]]}},
          "name": {"type": "Property", "value": "Bahnhofstrasse"},
          "speed": {"type": "Property", "value": {{{speed.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}, "unitCode": "KMH", "observedAt": "2026-03-01T08:00:00Z"},
          "refIntersection": {"type": "Relationship", "object": "urn:ngsi-ld:Intersection:test:1"}{{{(extra is null ? "" : "," + extra)}}}
        }
        """;
}
