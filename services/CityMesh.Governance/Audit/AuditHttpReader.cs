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
    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence, int limit, CancellationToken ct = default)
    {
        var path = $"{AuditEndpoints.Path.TrimStart('/')}?after={afterSequence.ToString(CultureInfo.InvariantCulture)}&limit={limit.ToString(CultureInfo.InvariantCulture)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (!string.IsNullOrEmpty(apiKey)) request.Headers.Add("X-Api-Key", apiKey);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new AuditReadException($"{new Uri(http.BaseAddress!, path)} answered {(int)response.StatusCode} {response.ReasonPhrase}{await DetailAsync(response, ct)}");
        try
        {
            return await response.Content.ReadFromJsonAsync<List<AuditRecord>>(JsonSerializerOptions.Web, ct)
                ?? throw new AuditReadException($"{new Uri(http.BaseAddress!, path)} answered null instead of a list of records");
        }
        catch (JsonException e)
        {
            throw new AuditReadException($"{new Uri(http.BaseAddress!, path)} did not answer a list of audit records: {e.Message}");
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
