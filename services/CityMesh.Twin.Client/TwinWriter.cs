using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Client;

/// <summary>
/// Writes to the twin over its NGSI-LD API as a service: <c>POST /entities/{id}/attrs</c>, <c>POST /entities</c>,
/// and the reads that decide a write (an entity now, an attribute's history). Only the twin's success answer counts (204, 201); anything else
/// stops with the twin's answer as the error. 5xx answers and connection failures are retried a few times, since the
/// twin may be restarting: writing attributes is a plain overwrite and a repeated create answers 409, so retrying is harmless.
/// Which service may write what is the twin's rule (its <c>TwinWriteRules</c>), not the caller's.
/// </summary>
/// <param name="clientName">The named <see cref="HttpClient"/> carrying the service's identity.</param>
public sealed class TwinWriter(IHttpClientFactory clients, string clientName, TwinAddress twin, ILogger logger)
{
    /// <summary>Tries per write, the first included.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before the second try; doubles after each.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Writes attributes of an entity, adding those it does not have yet (NGSI-LD's Append Entity Attributes,
    /// <c>POST /entities/{id}/attrs</c>, overwriting): an action may give an ambulance its first call. A plain
    /// partial update (PATCH) would refuse the new attributes with a 207 after applying the others, leaving half an
    /// action in the twin.
    /// </summary>
    /// <returns>Null when every attribute was written (204); otherwise why not.</returns>
    public Task<string?> WriteAttributesAsync(string entityId, JsonElement attributes, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, $"ngsi-ld/v1/entities/{Uri.EscapeDataString(entityId)}/attrs", attributes, HttpStatusCode.NoContent, entityId, ct);

    /// <summary>
    /// Writes attributes of many entities in one request (NGSI-LD's batch update, <c>POST /entityOperations/update</c>:
    /// each an append, as <see cref="WriteAttributesAsync"/>): each entity is its id, its type and the attributes.
    /// </summary>
    /// <returns>Null when every entity was written (204); otherwise why not: the twin's answer, which for a 207 names
    /// each entity it refused (the others were written).</returns>
    public Task<string?> WriteManyAsync(JsonElement entities, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "ngsi-ld/v1/entityOperations/update", entities, HttpStatusCode.NoContent,
            $"{(entities.ValueKind == JsonValueKind.Array ? entities.GetArrayLength() : 0)} entities", ct);

    /// <returns>Null when the entity was created (201); otherwise why not (409 when it exists).</returns>
    public Task<string?> CreateAsync(JsonElement entity, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "ngsi-ld/v1/entities", entity, HttpStatusCode.Created,
            entity.TryGetProperty("id", out var id) ? id.GetString() ?? "(no id)" : "(no id)", ct);

    /// <summary>The entity as the twin holds it now (normalized NGSI-LD); null when it does not exist or the twin cannot be reached.</summary>
    public Task<JsonElement?> ReadAsync(string entityId, CancellationToken ct = default) =>
        GetAsync($"ngsi-ld/v1/entities/{Uri.EscapeDataString(entityId)}", entityId, ct);

    /// <summary>
    /// The newest <paramref name="lastN"/> instances of an attribute's history (the twin's temporal API, normalized:
    /// the attribute is an array of instances, oldest first); null when the entity does not exist or the twin cannot be reached.
    /// </summary>
    public Task<JsonElement?> ReadHistoryAsync(string entityId, string attribute, int lastN, CancellationToken ct = default) =>
        GetAsync($"ngsi-ld/v1/temporal/entities/{Uri.EscapeDataString(entityId)}?attrs={Uri.EscapeDataString(attribute)}&lastN={lastN}", entityId, ct);

    private async Task<JsonElement?> GetAsync(string path, string entityId, CancellationToken ct)
    {
        var http = clients.CreateClient(clientName);
        var url = new Uri(twin.Resolve(), path);
        try
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, url);
            NameCityMeshContext(read);
            using var response = await http.SendAsync(read, ct);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Reading {Entity} from the twin answered {Status}", entityId, (int)response.StatusCode);
                return null;
            }
            return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Reading {Entity} from the twin failed: {Error}", entityId, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Services speak the twin's own terms (types and attributes as the twin stores them), so they name the CityMesh
    /// context; without a Link header the twin would read the request with the NGSI-LD core context.
    /// </summary>
    private void NameCityMeshContext(HttpRequestMessage request) => request.Headers.TryAddWithoutValidation("Link",
        $"<{new Uri(twin.Resolve(), "ngsi-ld/v1/context.jsonld")}>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");

    private async Task<string?> SendAsync(HttpMethod method, string path, JsonElement body, HttpStatusCode success, string entityId, CancellationToken ct)
    {
        var http = clients.CreateClient(clientName);
        var url = new Uri(twin.Resolve(), path);
        string? error = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (attempt > 1) await Task.Delay(RetryDelay * (1 << (attempt - 2)), ct);
            bool transient;
            try
            {
                using var request = new HttpRequestMessage(method, url)
                {
                    Content = new StringContent(body.GetRawText(), new MediaTypeHeaderValue("application/json")),
                };
                NameCityMeshContext(request);
                using var response = await http.SendAsync(request, ct);
                if (response.StatusCode == success) return null;
                error = $"the twin answered {(int)response.StatusCode} {response.ReasonPhrase}: {await BodyAsync(response, ct)}";
                transient = (int)response.StatusCode >= 500;
            }
            catch (HttpRequestException e)
            {
                error = $"the twin at {url.GetLeftPart(UriPartial.Authority)} could not be reached: {e.Message}";
                transient = true;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                error = $"the twin at {url.GetLeftPart(UriPartial.Authority)} did not answer within {http.Timeout.TotalSeconds:0} s";
                transient = true;
            }
            if (!transient) break;
            logger.LogWarning("Writing {Entity} failed (try {Attempt} of {MaxAttempts}): {Error}", entityId, attempt, MaxAttempts, error);
        }
        return error;
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        const int Longest = 2_000;
        var body = (await response.Content.ReadAsStringAsync(ct)).Trim();
        if (body.Length == 0) return "(no body)";
        return body.Length <= Longest ? body : body[..Longest] + "…";
    }
}
