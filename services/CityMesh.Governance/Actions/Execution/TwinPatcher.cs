using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CityMesh.Contracts.Actions;
using CityMesh.Twin.Client;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance.Actions.Execution;

/// <summary>
/// Applies an action's effect to the twin over its NGSI-LD API, one <c>PATCH /ngsi-ld/v1/entities/{id}/attrs</c>
/// per <see cref="TwinPatch"/>, in order. Only 204 (every attribute updated) counts as applied; a 207, 404 or any
/// other answer stops there with the twin's answer as the error. 5xx answers and connection failures are retried
/// a few times, since the twin may be restarting; a patch is a plain overwrite, so sending it again is harmless.
/// </summary>
public sealed class TwinPatcher(IHttpClientFactory clients, TwinAddress twin, ILogger<TwinPatcher> logger)
{
    /// <summary>The named <see cref="HttpClient"/> it uses (timeout, handlers), registered by <c>AddGovernance</c>.</summary>
    public const string ClientName = "governance-twin";

    /// <summary>Tries per patch, the first included.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before the second try; doubles after each.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <returns>Null when every patch was applied; otherwise why not, naming the patch and what the twin answered.</returns>
    public async Task<string?> ApplyAsync(IReadOnlyList<TwinPatch> effect, CancellationToken ct = default)
    {
        for (var i = 0; i < effect.Count; i++)
        {
            var error = await ApplyOneAsync(effect[i], ct);
            if (error is null) continue;
            var applied = i == 0 ? "" : $"; the {i} patch(es) before it were applied";
            return $"patch {i + 1} of {effect.Count} ({effect[i].EntityId}): {error}{applied}";
        }
        return null;
    }

    /// <summary>
    /// The entity as the twin holds it now (normalized NGSI-LD), for measuring what an effect would change; null when
    /// it does not exist or the twin cannot be reached (the action then waits for an operator).
    /// </summary>
    public async Task<JsonElement?> ReadAsync(string entityId, CancellationToken ct = default)
    {
        var http = clients.CreateClient(ClientName);
        var url = new Uri(twin.Resolve(), $"ngsi-ld/v1/entities/{Uri.EscapeDataString(entityId)}");
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
    /// Governance speaks the twin's own terms (types and attributes as the twin stores them), so it names the CityMesh
    /// context; without a Link header the twin would read the request with the NGSI-LD core context.
    /// </summary>
    private void NameCityMeshContext(HttpRequestMessage request) => request.Headers.TryAddWithoutValidation("Link",
        $"<{new Uri(twin.Resolve(), "ngsi-ld/v1/context.jsonld")}>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");

    private async Task<string?> ApplyOneAsync(TwinPatch patch, CancellationToken ct)
    {
        var http = clients.CreateClient(ClientName);
        var url = new Uri(twin.Resolve(), $"ngsi-ld/v1/entities/{Uri.EscapeDataString(patch.EntityId)}/attrs");
        string? error = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (attempt > 1) await Task.Delay(RetryDelay * (1 << (attempt - 2)), ct);
            bool transient;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Patch, url)
                {
                    Content = new StringContent(patch.Attributes.GetRawText(), new MediaTypeHeaderValue("application/json")),
                };
                NameCityMeshContext(request);
                using var response = await http.SendAsync(request, ct);
                if (response.StatusCode == HttpStatusCode.NoContent) return null;
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
            logger.LogWarning("Patching {Entity} failed (try {Attempt} of {MaxAttempts}): {Error}", patch.EntityId, attempt, MaxAttempts, error);
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
