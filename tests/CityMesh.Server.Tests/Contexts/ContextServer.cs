using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CityMesh.Server.Tests.Contexts;

/// <summary>
/// A real HTTP server on loopback that serves JSON-LD contexts, as a city's context host would, counting the requests
/// for each path. It serves the ETSI suite's two context files; <see cref="Serve"/> adds documents, and a few paths
/// misbehave on purpose: <c>/slow</c> never answers, <c>/html</c> is not JSON, <c>/big</c> is over a MiB,
/// <c>/redirect?to=URL</c> redirects, <c>/fail</c> answers 500.
/// </summary>
public sealed class ContextServer : IAsyncDisposable
{
    /// <summary>Where the suite's compound context names its term context.</summary>
    public const string SuiteContextUrl = "https://forge.etsi.org/rep/cim/ngsi-ld-test-suite/-/raw/develop/resources/jsonld-contexts/ngsi-ld-test-suite.jsonld";
    public const string SuiteCompoundUrl = "https://forge.etsi.org/rep/cim/ngsi-ld-test-suite/-/raw/develop/resources/jsonld-contexts/ngsi-ld-test-suite-compound.jsonld";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);

    private ContextServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The suite's term context, as this server serves it.</summary>
    public string SuiteUrl => Url("/suite/ngsi-ld-test-suite.jsonld");

    /// <summary>The suite's compound context as published: it names the term context at forge.etsi.org.</summary>
    public string CompoundUrl => Url("/suite/ngsi-ld-test-suite-compound.jsonld");

    /// <summary>The compound context with its term context's URL pointing here, so both are fetched.</summary>
    public string LocalCompoundUrl => Url("/local/ngsi-ld-test-suite-compound.jsonld");

    /// <summary>A file of the ETSI suite's jsonld-contexts in ../shared.</summary>
    public static string SuiteFile(string name, [CallerFilePath] string source = "") => Path.GetFullPath(Path.Combine(
        Path.GetDirectoryName(source)!, "..", "..", "..", "..", "shared", "ngsi-ld", "etsi-suite", "jsonld-contexts", name));

    public static async Task<ContextServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ContextServer(app);
        server.Map();
        await app.StartAsync();
        server.BaseUrl = app.Urls.Single().TrimEnd('/');
        server.Serve("/local/ngsi-ld-test-suite-compound.jsonld",
            File.ReadAllText(SuiteFile("ngsi-ld-test-suite-compound.jsonld")).Replace(SuiteContextUrl, server.SuiteUrl));
        return server;
    }

    public string Url(string path) => BaseUrl + path;

    /// <summary>Serves <paramref name="document"/> at <paramref name="path"/> from now on.</summary>
    public string Serve(string path, string document)
    {
        _documents[path] = document;
        return Url(path);
    }

    /// <summary>Requests received for <paramref name="path"/> so far.</summary>
    public int Hits(string path) => _hits.GetValueOrDefault(path);

    private void Map()
    {
        _app.Use(async (http, next) =>
        {
            _hits.AddOrUpdate(http.Request.Path.Value!, 1, (_, n) => n + 1);
            await next(http);
        });
        _app.MapGet("/suite/{file}", (string file) => Results.File(SuiteFile(file), "application/ld+json"));
        _app.MapGet("/slow", async (HttpContext http) =>
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted);
            return Results.Ok();
        });
        _app.MapGet("/html", () => Results.Content("<html><body>not a context</body></html>", "text/html"));
        _app.MapGet("/big", () => Results.Content("{\"@context\": {\"x\": \"" + new string('a', (1 << 20) + 10) + "\"}}", "application/ld+json"));
        _app.MapGet("/redirect", (string to) => Results.Redirect(to));
        _app.MapGet("/fail", () => Results.StatusCode(500));
        // Not MapFallback: its pattern leaves out paths that look like files, as context URLs do.
        _app.MapGet("/{**path}", (HttpContext http) => _documents.TryGetValue(http.Request.Path.Value!, out var document)
            ? Results.Content(document, "application/ld+json")
            : Results.NotFound());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
