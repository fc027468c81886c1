using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CityMesh.Scenarios.Running;
using CityMesh.Twin.Model;

namespace CityMesh.Scenarios.Baselines;

/// <summary>
/// Reads a city's road network and detectors from its twin over the NGSI-LD API: a query per entity type, paged
/// (<c>limit</c>/<c>offset</c>, in id order), restricted to the city's ids with <c>idPattern</c>. A failed request is
/// tried again (connection errors, 5xx, 429) before it becomes a <see cref="ScenarioInputException"/> on
/// <paramref name="field"/> (<c>spec.baseline.twin</c> unless the caller reads for another) that says which twin and
/// what it answered.
/// </summary>
public sealed class TwinClient(HttpClient http, Uri twin, string field = TwinClient.Field)
{
    public const string Field = "spec.baseline.twin";

    /// <summary>Entities per request: the twin's largest page by default.</summary>
    public int PageSize { get; init; } = 1000;

    private const int Attempts = 3;

    /// <summary>Delay before the second attempt; doubled for each one after.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public async Task<TwinEntities> ReadTrafficAsync(string city, CancellationToken ct)
    {
        var byType = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        foreach (var type in TwinEntities.Types) byType[type] = await ReadAllAsync(type, city, ct);
        return new TwinEntities(city, byType[EntityTypes.Intersection], byType[EntityTypes.TrafficSignal],
            byType[EntityTypes.RoadSegment], byType[EntityTypes.TrafficFlowObserved]);
    }

    /// <summary>Every entity of <paramref name="type"/>, page by page; of one city's ids, or of every city when <paramref name="city"/> is null.</summary>
    public async Task<List<JsonElement>> ReadAllAsync(string type, string? city, CancellationToken ct)
    {
        var all = new List<JsonElement>();
        var pattern = city is null ? "" : "&idPattern=" + Uri.EscapeDataString($"^{EntityIds.Prefix}{type}:{city}:.*");
        for (var offset = 0; ; offset += PageSize)
        {
            var page = await GetAsync($"ngsi-ld/v1/entities?type={type}{pattern}&limit={PageSize}&offset={offset}", ct);
            if (page.ValueKind != JsonValueKind.Array) throw Failed($"answered a {type} query with {page.ValueKind}, not a list of entities");
            all.AddRange(page.EnumerateArray());
            if (page.GetArrayLength() < PageSize) return all;
        }
    }

    private async Task<JsonElement> GetAsync(string relative, CancellationToken ct)
    {
        var url = new Uri(twin, relative);
        for (var attempt = 1; ; attempt++)
        {
            string? transient;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await http.SendAsync(request, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if (response.IsSuccessStatusCode)
                {
                    using var document = JsonDocument.Parse(body);
                    return document.RootElement.Clone();
                }
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                    throw Failed($"refused {url.PathAndQuery}: {(int)response.StatusCode} {Problem(body)}");
                transient = $"{(int)response.StatusCode} {Problem(body)}";
            }
            catch (HttpRequestException e)
            {
                transient = e.Message;
            }
            catch (JsonException e)
            {
                throw Failed($"answered {url.PathAndQuery} with something that is not JSON: {e.Message}");
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                transient = "the request timed out";
            }
            if (attempt == Attempts) throw Failed($"could not be read after {Attempts} attempts: {transient}");
            await Task.Delay(RetryDelay * (1 << (attempt - 1)), ct);
        }
    }

    /// <summary>An NGSI-LD error body's title and detail, or the start of whatever came back.</summary>
    private static string Problem(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return string.Join(": ", new[] { title, detail }.Where(s => !string.IsNullOrEmpty(s)));
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] + "…" : body;
        }
    }

    /// <summary>A twin base URL: http(s), absolute, with a trailing slash so relative API paths land under it.</summary>
    public static bool TryParseUrl(string text, out Uri url) =>
        Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out url!) && url.Scheme is "http" or "https";

    private ScenarioInputException Failed(string what) => new(field, $"the twin at {twin} {what}");
}
