using System.Globalization;
using System.Text;

namespace CityMesh.Governance.Audit;

/// <summary>
/// A witness that PUTs each checkpoint as an object <c>checkpoint-SEQUENCE.json</c> (sequence zero-padded to 20 digits,
/// so names sort in order) under a base URL: an object store bucket with versioning or object lock, or any server that
/// keeps what is PUT. A PUT repeated after a crash writes the same body again.
/// </summary>
/// <param name="authorization">The <c>Authorization</c> header's value, if the store wants one.</param>
public sealed class HttpAuditWitness(HttpClient http, Uri baseUrl, string? authorization = null) : IAuditWitness
{
    public const string ClientName = "citymesh-audit-witness";

    private readonly Uri _base = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");

    public string Name => $"http:{_base.GetLeftPart(UriPartial.Path)}";

    public static string ObjectName(long sequence) => $"checkpoint-{sequence.ToString("D20", CultureInfo.InvariantCulture)}.json";

    public async Task ExportAsync(AuditCheckpoint checkpoint, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_base, ObjectName(checkpoint.Sequence)))
        {
            Content = new StringContent(AuditWitnessJson.Serialize(checkpoint), Encoding.UTF8, "application/json"),
        };
        if (!string.IsNullOrEmpty(authorization)) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"PUT {request.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
    }
}
