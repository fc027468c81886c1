using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace CityMesh.Kubernetes;

/// <summary>
/// <see cref="IKubeApi"/> over HTTP: one <see cref="HttpClient"/> per connection, the bearer token asked for on every
/// request (so a rotated token is used), TLS trust from the connection's CA or skipped when it says insecure.
/// </summary>
public sealed class KubeClient : IKubeApi, IDisposable
{
    private const int PageSize = 500;
    private readonly HttpClient _http;
    private readonly KubeConnection _connection;

    public KubeClient(KubeConnection connection, HttpMessageHandler? handler = null)
    {
        _connection = connection;
        // Watches stay open for minutes, so the client has no overall timeout; each call sets its own.
        _http = new HttpClient(handler ?? CreateHandler(connection)) { BaseAddress = connection.Server, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The longest a non-watch request may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The server-side length of one watch; jittered up to +10% so many watchers do not reconnect in step.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public string DefaultNamespace => _connection.DefaultNamespace;

    public static SocketsHttpHandler CreateHandler(KubeConnection connection)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        if (connection.ClientCertificate is { } cert)
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { cert };
        if (connection.InsecureSkipTlsVerify)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        else if (connection.CertificateAuthority is { Count: > 0 } roots)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ValidateAgainst(roots, certificate, errors);
        return handler;
    }

    /// <summary>Chain the server's certificate to the given roots only (not the system store); names must match.</summary>
    private static bool ValidateAgainst(X509Certificate2Collection roots, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
            || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    public async Task<JsonObject?> GetAsync(KubeResource resource, string? ns, string name, CancellationToken ct)
    {
        var (code, body) = await SendAsync(HttpMethod.Get, KubePaths.Item(resource, ns, name), null, null, ct, allow404: true);
        return code == 404 ? null : ParseObject(body);
    }

    public async Task<KubeList> ListAsync(KubeResource resource, string? ns, string? labelSelector, CancellationToken ct)
    {
        var items = new List<JsonObject>();
        string? cont = null, rv = null;
        do
        {
            var path = KubePaths.Collection(resource, ns)
                + KubePaths.Query(("labelSelector", labelSelector), ("limit", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("continue", cont));
            var (_, body) = await SendAsync(HttpMethod.Get, path, null, null, ct);
            var page = ParseObject(body);
            // The first page's resourceVersion is the snapshot the whole list belongs to.
            rv ??= page["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "";
            cont = page["metadata"]?["continue"]?.GetValue<string>() is { Length: > 0 } c ? c : null;
            foreach (var item in page["items"]?.AsArray() ?? [])
                if (item is JsonObject o) items.Add(o.DeepClone().AsObject());
        } while (cont is not null);
        return new KubeList(rv, items);
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(KubeResource resource, string? ns, string resourceVersion,
        string? labelSelector, [EnumeratorCancellation] CancellationToken ct)
    {
        var seconds = (int)(WatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble() * 0.1));
        var path = KubePaths.Collection(resource, ns) + KubePaths.Query(
            ("watch", "1"), ("resourceVersion", string.IsNullOrEmpty(resourceVersion) ? null : resourceVersion),
            ("allowWatchBookmarks", "true"), ("timeoutSeconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("labelSelector", labelSelector));
        using var request = NewRequest(HttpMethod.Get, path, null, null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
            throw KubeErrors.FromStatus((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0) continue;
            var evt = JsonNode.Parse(line) as JsonObject ?? throw new KubeApiException(500, "BadWatchEvent", line);
            var type = evt["type"]?.GetValue<string>() ?? "";
            var obj = evt["object"] as JsonObject ?? [];
            if (type == "ERROR") throw KubeErrors.FromStatus(obj);
            yield return new WatchEvent(type, (JsonObject)obj.DeepClone());
        }
    }

    public async Task<JsonObject> CreateAsync(KubeResource resource, string? ns, JsonObject body, CancellationToken ct) =>
        ParseObject((await SendAsync(HttpMethod.Post, KubePaths.Collection(resource, ns), Json(body), null, ct)).Body);

    public async Task<JsonObject> ReplaceAsync(KubeResource resource, string? ns, string name, JsonObject body, CancellationToken ct) =>
        ParseObject((await SendAsync(HttpMethod.Put, KubePaths.Item(resource, ns, name), Json(body), null, ct)).Body);

    public async Task<JsonObject> ReplaceStatusAsync(KubeResource resource, string? ns, string name, JsonObject body, CancellationToken ct) =>
        ParseObject((await SendAsync(HttpMethod.Put, KubePaths.Item(resource, ns, name, status: true), Json(body), null, ct)).Body);

    public async Task<JsonObject> PatchAsync(KubeResource resource, string? ns, string name, KubePatch patch, CancellationToken ct)
    {
        var contentType = patch.Type switch
        {
            PatchType.Json => "application/json-patch+json",
            PatchType.Merge => "application/merge-patch+json",
            PatchType.Apply => "application/apply-patch+yaml",
            _ => throw new ArgumentOutOfRangeException(nameof(patch)),
        };
        // fieldManager is required for apply; force must be unset on every other patch type (PROTOCOLS.md §2.3).
        var query = patch.Type == PatchType.Apply
            ? KubePaths.Query(("fieldManager", patch.FieldManager), ("force", patch.Force ? "true" : null))
            : KubePaths.Query(("fieldManager", string.IsNullOrEmpty(patch.FieldManager) ? null : patch.FieldManager));
        var content = new StringContent(patch.Body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var path = KubePaths.Item(resource, ns, name, patch.Status) + query;
        return ParseObject((await SendAsync(HttpMethod.Patch, path, content, null, ct)).Body);
    }

    public async Task<bool> DeleteAsync(KubeResource resource, string? ns, string name, CancellationToken ct)
    {
        // Background: the object goes now and the garbage collector removes its dependents (our Jobs and Pods).
        var body = Json(new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1", ["propagationPolicy"] = "Background" });
        var (code, _) = await SendAsync(HttpMethod.Delete, KubePaths.Item(resource, ns, name), body, null, ct, allow404: true);
        return code != 404;
    }

    public async Task<string> ReadLogAsync(string ns, string pod, string? container, CancellationToken ct)
    {
        var path = KubePaths.Item(KubeResource.Pods, ns, pod) + "/log" + KubePaths.Query(("container", container));
        return (await SendAsync(HttpMethod.Get, path, null, "text/plain", ct)).Body;
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage NewRequest(HttpMethod method, string path, HttpContent? content, string? accept)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Accept.ParseAdd(accept ?? "application/json");
        if (_connection.Token?.GetToken() is { Length: > 0 } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private async Task<(int Code, string Body)> SendAsync(HttpMethod method, string path, HttpContent? content, string? accept,
        CancellationToken ct, bool allow404 = false)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        using var request = NewRequest(method, path, content, accept);
        using var response = await _http.SendAsync(request, timeout.Token);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        var code = (int)response.StatusCode;
        if (response.IsSuccessStatusCode || (allow404 && response.StatusCode == HttpStatusCode.NotFound)) return (code, body);
        throw KubeErrors.FromStatus(code, body);
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static JsonObject ParseObject(string body) =>
        JsonNode.Parse(body) as JsonObject ?? throw new KubeApiException(500, "BadResponse", "the server answered with something other than a JSON object");
}
