using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CityMesh.Simulation.Twin;

namespace CityMesh.Cli.Commands;

/// <summary>
/// A network's elements (water's or the grid's) written into a twin with an operator's key, 500 at a time by NGSI-LD's
/// batch upsert; the types are the twin's own terms, named through its context in the Link header.
/// </summary>
internal static class TwinElementUpload
{
    /// <param name="what">What the elements are, for the refusal's message ("network", "grid").</param>
    /// <returns>How many were written, or -1 after printing the twin's refusal.</returns>
    public static async Task<int> UpsertAsync(IReadOnlyList<TwinElement> elements, string citySegment, string twinUrl, string what, CancellationToken ct)
    {
        var key = Environment.GetEnvironmentVariable(AuditCommand.ApiKeyEnv);
        if (string.IsNullOrEmpty(key)) throw new UsageException($"writing to the twin needs an operator's or admin's key in ${AuditCommand.ApiKeyEnv}");
        if (!Uri.TryCreate(twinUrl, UriKind.Absolute, out var twin) || twin.Scheme is not ("http" or "https"))
            throw new UsageException($"--twin is '{twinUrl}'; give the twin's NGSI-LD API as an http(s) URL, e.g. http://127.0.0.1:8080/");
        using var http = new HttpClient { BaseAddress = twin, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        int written = 0;
        foreach (var chunk in elements.Chunk(500))
        {
            var body = new JsonArray([.. chunk.Select(e => (JsonNode)TwinElementJson.Of(e, citySegment))]);
            using var request = new HttpRequestMessage(HttpMethod.Post, "ngsi-ld/v1/entityOperations/upsert") { Content = JsonContent.Create(body) };
            request.Headers.TryAddWithoutValidation("Link", $"<{new Uri(http.BaseAddress!, "ngsi-ld/v1/context.jsonld")}>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"the twin refused the {what} after {written} of {elements.Count} entities: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                return -1;
            }
            written += chunk.Length;
        }
        return written;
    }
}
