using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace CityMesh.Twin.Ngsi.JsonLd;

/// <summary>
/// Fetches a context document over HTTP(S) under <see cref="JsonLdOptions"/>: one timeout for the whole fetch, a size
/// cap, redirects followed by hand (each target checked again) and every connection made only to an address
/// <see cref="ContextTargetPolicy"/> allows, checked after DNS resolution in the connect callback.
/// </summary>
public sealed class ContextFetcher : IDisposable
{
    private readonly JsonLdOptions _options;
    private readonly ContextTargetPolicy _policy;
    private readonly HttpClient _http;

    public ContextFetcher(JsonLdOptions options)
    {
        _options = options;
        _policy = new ContextTargetPolicy(options);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false, // a proxy would connect for us, past the address check
            UseCookies = false,
            ConnectCallback = ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/ld+json");
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json;q=0.9");
        _http.DefaultRequestHeaders.Accept.ParseAdd("*/*;q=0.1");
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("CityMesh-Twin", "1"));
    }

    /// <summary>The document at <paramref name="url"/>, as text: a JSON object with an @context member.</summary>
    /// <exception cref="ContextUnavailableException">It cannot be had; the reason says why.</exception>
    public async Task<string> FetchAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target)) throw new ContextUnavailableException(url, "it is not an absolute URL");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.FetchTimeout);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                if (_policy.UrlRefusal(target) is { } refused) throw new ContextUnavailableException(url, Via(url, target) + refused, refusedByPolicy: true);
                using var response = await _http.GetAsync(target, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (redirects >= _options.MaxRedirects) throw new ContextUnavailableException(url, $"it redirects more than {_options.MaxRedirects} times");
                    target = new Uri(target, location);
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                    throw new ContextUnavailableException(url, $"{Via(url, target)}the server answered {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
                return await ReadDocumentAsync(url, response, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ContextUnavailableException(url, $"no answer within {_options.FetchTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e) when (Refusal(e) is { } refused)
        {
            throw new ContextUnavailableException(url, Via(url, target) + refused.Message, refusedByPolicy: true, e);
        }
        catch (HttpRequestException e)
        {
            throw new ContextUnavailableException(url, $"{Via(url, target)}it could not be reached ({e.HttpRequestError}: {e.Message})", inner: e);
        }
    }

    /// <summary>The text of <paramref name="bytes"/> when they are a context document: a JSON object with @context.</summary>
    /// <exception cref="ContextUnavailableException">They are not one.</exception>
    public static string CheckDocument(string url, byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("@context", out _))
                throw new ContextUnavailableException(url, "it is not a JSON-LD context document (a JSON object with @context)");
        }
        catch (JsonException e)
        {
            throw new ContextUnavailableException(url, $"it is not JSON ({e.Message})");
        }
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    private async Task<string> ReadDocumentAsync(string url, HttpResponseMessage response, CancellationToken ct)
    {
        var max = _options.MaxDocumentBytes;
        if (response.Content.Headers.ContentLength > max) throw TooBig(url, max);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) throw TooBig(url, max);
            buffer.Write(chunk, 0, read);
        }
        return CheckDocument(url, buffer.ToArray());
    }

    /// <summary>Connects to the first address of the host that the policy allows; refuses when none is.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        string? refusal = null;
        Exception? failure = null;
        foreach (var address in addresses)
        {
            if (_policy.AddressRefusal(address) is { } refused)
            {
                refusal ??= refused;
                continue;
            }
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                failure = e;
            }
        }
        if (failure is not null) throw failure;
        throw new TargetRefusedException(refusal ?? $"{endpoint.Host} has no address");
    }

    private static TargetRefusedException? Refusal(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is TargetRefusedException refused) return refused;
        }
        return null;
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>Names the redirect target when the refusal or failure concerns it rather than the URL asked for.</summary>
    private static string Via(string url, Uri target) => target.OriginalString == url ? "" : $"redirected to {target}: ";

    private static ContextUnavailableException TooBig(string url, int max) => new(url, $"it is larger than {max} bytes ({JsonLdOptions.Section}:MaxDocumentBytes)");

    public void Dispose() => _http.Dispose();

    /// <summary>Thrown from the connect callback; HttpClient wraps it, <see cref="Refusal"/> finds it.</summary>
    private sealed class TargetRefusedException(string message) : IOException(message);
}
