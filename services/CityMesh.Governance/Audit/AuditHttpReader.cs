using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace CityMesh.Governance.Audit;

/// <summary>
/// Reads a running service's audit log page by page over <c>GET /governance/audit</c>, so a verifier can check the
/// chain itself instead of trusting the service's own verdict.
/// </summary>
/// <param name="http">A client whose base address is the service's root.</param>
/// <param name="apiKey">An operator's or admin's key, sent as <c>X-Api-Key</c>.</param>
public sealed class AuditHttpReader(HttpClient http, string? apiKey)
{
    public Task<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence, int limit, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<AuditRecord>, List<AuditRecord>>(
            $"{AuditEndpoints.Path.TrimStart('/')}?after={afterSequence.ToString(CultureInfo.InvariantCulture)}&limit={limit.ToString(CultureInfo.InvariantCulture)}",
            "a list of audit records", ct);

    /// <summary>The checkpoints the service stored; only as good as their signatures.</summary>
    public Task<IReadOnlyList<AuditCheckpoint>> ReadCheckpointsAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<AuditCheckpoint>, List<AuditCheckpoint>>(AuditEndpoints.CheckpointsPath.TrimStart('/'), "a list of checkpoints", ct);

    /// <summary>The public keys the service says sign its checkpoints: trusting them is trusting the service.</summary>
    public Task<IReadOnlyList<AuditPublicKey>> ReadPublicKeysAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<AuditPublicKey>, List<AuditPublicKey>>(AuditEndpoints.PublicKeysPath.TrimStart('/'), "a list of public keys", ct);

    /// <summary>The service's own verdict on its chain.</summary>
    public Task<AuditVerification> ReadVerdictAsync(AuditHead? expectedHead, CancellationToken ct = default) =>
        GetAsync<AuditVerification, AuditVerification>(
            AuditEndpoints.VerifyPath.TrimStart('/') + (expectedHead is null ? "" : $"?expectHead={expectedHead}"), "a verification", ct);

    private async Task<TResult> GetAsync<TResult, TBody>(string path, string what, CancellationToken ct) where TBody : TResult
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (!string.IsNullOrEmpty(apiKey)) request.Headers.Add("X-Api-Key", apiKey);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new AuditReadException($"{new Uri(http.BaseAddress!, path)} answered {(int)response.StatusCode} {response.ReasonPhrase}{await DetailAsync(response, ct)}");
        try
        {
            var body = await response.Content.ReadFromJsonAsync<TBody>(JsonSerializerOptions.Web, ct);
            return body is null ? throw new AuditReadException($"{new Uri(http.BaseAddress!, path)} answered null instead of {what}") : body;
        }
        catch (JsonException e)
        {
            throw new AuditReadException($"{new Uri(http.BaseAddress!, path)} did not answer {what}: {e.Message}");
        }
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return problem.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? $": {detail.GetString()}" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}

/// <summary>The log could not be read (refused, unreachable, not a log); not a verdict on the chain.</summary>
public sealed class AuditReadException(string message) : Exception(message);
