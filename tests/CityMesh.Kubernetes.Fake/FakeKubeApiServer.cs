using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Kubernetes.Fake;

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1 (a free port, plain HTTP) that follows the published
/// semantics closely enough to test a controller against: one global resourceVersion, uid and creationTimestamp
/// on create, generateName, 409 AlreadyExists/Conflict, 404 NotFound Status, status subresource rules and
/// generation, paged lists, label selectors, watches replayed from history with bookmarks and 410 after
/// <see cref="Compact"/>, finalizers and deletionTimestamp, owner-reference garbage collection, JSON/merge/apply
/// patches, pod logs and an optional bearer token.
/// Server-side apply keeps managedFields per field manager (<see cref="FakeFieldOwnership"/>): a field another
/// manager owns with a different value is a 409 Conflict unless force, which takes it over; fields a manager applied
/// before and omits now are removed unless someone else owns them.
/// <para>Not modelled: merge keys in apply (lists are atomic, owned whole), strategic merge patch on custom
/// resources (415, as the real server answers; on built-in types it is a merge patch here), set-based label selectors, consistent snapshots for
/// continued list pages, watch DELETED for objects that stop matching a label selector, admission and validation.</para>
/// <example><code>
/// await using var server = await FakeKubeApiServer.StartAsync();
/// var client = server.CreateClient();
/// await client.BatchV1.CreateNamespacedJobAsync(job, "city", cancellationToken: ct);
/// Assert.Equal(1, server.Count("POST", "/jobs"));
/// </code></example>
/// </summary>
public sealed class FakeKubeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeStore _store;
    private readonly Dictionary<(string Group, string Plural), FakeResourceType> _types = [];
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly List<Fault> _faults = [];
    private readonly ConcurrentDictionary<(string Ns, string Pod), string> _logs = new();
    private readonly CancellationTokenSource _stopping = new();

    private sealed class Fault(string method, string pathContains, int statusCode, int times)
    {
        public string Method { get; } = method;
        public string PathContains { get; } = pathContains;
        public int StatusCode { get; } = statusCode;
        public int Remaining { get; set; } = times;
    }

    private FakeKubeApiServer(WebApplication app, TimeProvider time)
    {
        _app = app;
        _store = new FakeStore(time);
        Register(KubeResource.TwinScenarios, statusSubresource: true, requireResourceVersionOnUpdate: true);
        Register(KubeResource.Jobs, statusSubresource: true);
        Register(KubeResource.Pods, statusSubresource: true);
        Register(KubeResource.ConfigMaps, statusSubresource: false);
        Register(KubeResource.Events, statusSubresource: false);
        Register(KubeResource.Leases, statusSubresource: false);
    }

    /// <summary>Start on a free loopback port. <paramref name="time"/> stamps creation and deletion times.</summary>
    public static async Task<FakeKubeApiServer> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeKubeApiServer(app, time ?? TimeProvider.System);
        // Kubernetes paths are generic ({group}/{version}/…/{plural}/{name}/{sub}), so one handler parses them.
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How often an open watch that allows bookmarks gets one; null for never.</summary>
    public TimeSpan? BookmarkInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>When set, every request must carry <c>Authorization: Bearer {RequiredToken}</c> or gets 401.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>The current global resourceVersion.</summary>
    public string ResourceVersion => _store.ResourceVersion;

    /// <summary>Every request served so far, in order.</summary>
    public IReadOnlyList<FakeRequest> Requests => _requests.ToArray();

    /// <summary>How many requests had this method and a path (without query) containing <paramref name="pathContains"/>.</summary>
    public int Count(string method, string pathContains) =>
        _requests.Count(r => r.Method == method && r.Path.Contains(pathContains, StringComparison.Ordinal));

    /// <summary>KubernetesClient's configuration for this server, optionally with a bearer token.</summary>
    public KubernetesClientConfiguration ClientConfiguration(string? token = null, string defaultNamespace = "default") =>
        new() { Host = BaseAddress.ToString(), AccessToken = token, Namespace = defaultNamespace };

    /// <summary>A KubernetesClient for this server; <paramref name="handlers"/> see every request (tests inject faults there).</summary>
    public IKubernetes CreateClient(string? token = null, string defaultNamespace = "default", params DelegatingHandler[] handlers) =>
        new k8s.Kubernetes(ClientConfiguration(token, defaultNamespace), handlers);

    /// <summary>Serve another resource type (the built-in ones are registered already).</summary>
    public void Register(KubeResource resource, bool statusSubresource, bool requireResourceVersionOnUpdate = false)
    {
        lock (_types) _types[(resource.Group, resource.Plural)] = new FakeResourceType(resource, statusSubresource, requireResourceVersionOnUpdate);
    }

    /// <summary>
    /// Make the next <paramref name="times"/> requests whose method matches and whose path contains
    /// <paramref name="pathContains"/> fail with <paramref name="statusCode"/> (a Status body, as the server sends).
    /// </summary>
    public void FailNext(string method, string pathContains, int statusCode, int times = 1)
    {
        lock (_faults) _faults.Add(new Fault(method, pathContains, statusCode, times));
    }

    /// <summary>Put an object in place as it is, status included (it need not exist): ADDED or MODIFIED to watchers.</summary>
    public JsonObject Upsert(KubeResource resource, JsonObject obj) => _store.Upsert(Type(resource), obj);

    /// <summary>Same as <see cref="Upsert"/>; reads better when setting up a test.</summary>
    public JsonObject Seed(KubeResource resource, JsonObject obj) => Upsert(resource, obj);

    /// <summary>Delete as the API does (finalizers, garbage collection); false when absent.</summary>
    public bool Delete(KubeResource resource, string? ns, string name)
    {
        try { _store.Delete(Type(resource), ns, name); return true; }
        catch (FakeStatusException e) when (e.Code == 404) { return false; }
    }

    public JsonObject? Get(KubeResource resource, string? ns, string name) => _store.Get(Type(resource), ns, name);

    /// <summary>Every object of the type (in one namespace, or all when <paramref name="ns"/> is null).</summary>
    public IReadOnlyList<JsonObject> List(KubeResource resource, string? ns = null) => _store.Snapshot(Type(resource), ns, null);

    /// <summary>Forget history up to now: a watch from an older resourceVersion gets 410 Expired.</summary>
    public void Compact() => _store.Compact();

    /// <summary>Close every open watch stream, as the server does at its timeout or on restart.</summary>
    public void EndWatches() => _store.EndWatches();

    /// <summary>The text <c>GET …/pods/{pod}/log</c> returns.</summary>
    public void SetPodLog(string ns, string pod, string text) => _logs[(ns, pod)] = text;

    private FakeResourceType Type(KubeResource resource)
    {
        lock (_types)
            return _types.TryGetValue((resource.Group, resource.Plural), out var t) ? t
                : throw new InvalidOperationException($"{resource.Plural}.{resource.Group} is not registered with the fake");
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _store.EndWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var request = ctx.Request;
        var status = 500;
        try
        {
            status = await DispatchAsync(ctx);
        }
        catch (FakeStatusException e)
        {
            status = e.Code;
            await WriteJsonAsync(ctx, e.Code, e.ToStatus());
        }
        catch (Exception e) when (e is not OperationCanceledException && !ctx.Response.HasStarted)
        {
            // A bug in the fake, or a body it cannot take: say so in a Status rather than an empty 500.
            status = 500;
            await WriteJsonAsync(ctx, 500, FakeStatus.Failure(500, "InternalError", $"fake API server: {e}"));
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            status = 200; // a watch the client or the fake closed
        }
        finally
        {
            _requests.Enqueue(new FakeRequest(request.Method, request.Path + request.QueryString, status,
                request.Headers.Authorization.Count > 0 ? request.Headers.Authorization.ToString() : null));
        }
    }

    private async Task<int> DispatchAsync(HttpContext ctx)
    {
        var request = ctx.Request;
        if (RequiredToken is not null && request.Headers.Authorization.ToString() != $"Bearer {RequiredToken}")
            throw new FakeStatusException(401, "Unauthorized", "Unauthorized");
        lock (_faults)
        {
            var fault = _faults.FirstOrDefault(f => f.Remaining > 0 && f.Method == request.Method
                && request.Path.Value!.Contains(f.PathContains, StringComparison.Ordinal));
            if (fault is not null)
            {
                fault.Remaining--;
                throw new FakeStatusException(fault.StatusCode, FakeStatus.ReasonFor(fault.StatusCode), $"injected failure {fault.StatusCode}");
            }
        }
        var route = FakeRoute.Parse(request.Path.Value ?? "") ?? throw FakeStatusException.NotFound("path", request.Path.Value ?? "");
        FakeResourceType? type;
        lock (_types) _types.TryGetValue((route.Group, route.Plural), out type);
        if (type is null || type.Resource.Version != route.Version)
            throw new FakeStatusException(404, "NotFound", "the server could not find the requested resource");
        var ns = type.Resource.Namespaced ? route.Namespace : null;
        var query = request.Query;
        var ct = ctx.RequestAborted;

        if (route.Name is null)
        {
            switch (request.Method)
            {
                case "GET" when query["watch"] is ["1" or "true"]:
                    await WatchAsync(ctx, type, ns);
                    return 200;
                case "GET":
                    var limit = int.TryParse(query["limit"], out var l) ? l : 0;
                    return await WriteJsonAsync(ctx, 200, _store.List(type, ns, FakeLabelSelector.Parse(query["labelSelector"]), limit, query["continue"]));
                case "POST":
                    return await WriteJsonAsync(ctx, 201, _store.Create(type, ns, await ReadObjectAsync(request, ct)));
            }
            throw new FakeStatusException(405, "MethodNotAllowed", $"{request.Method} is not supported on a collection");
        }

        var name = route.Name;
        var statusOnly = route.Subresource == "status";
        if (route.Subresource == "log" && type.Resource == KubeResource.Pods && request.Method == "GET")
        {
            _store.GetOrThrow(type, ns, name);
            var text = _logs.GetValueOrDefault((ns ?? "", name), "");
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "text/plain";
            await ctx.Response.WriteAsync(text, ct);
            return 200;
        }
        if (route.Subresource is not null && (!statusOnly || !type.StatusSubresource))
            throw new FakeStatusException(404, "NotFound", "the server could not find the requested resource");

        switch (request.Method)
        {
            case "GET":
                return await WriteJsonAsync(ctx, 200, _store.GetOrThrow(type, ns, name));
            case "PUT":
                var body = await ReadObjectAsync(request, ct);
                return await WriteJsonAsync(ctx, 200, _store.Update(type, ns, name, _ => body, statusOnly, type.RequireResourceVersionOnUpdate));
            case "PATCH":
                return await PatchAsync(ctx, type, ns, name, statusOnly);
            case "DELETE" when !statusOnly:
                return await WriteJsonAsync(ctx, 200, _store.Delete(type, ns, name));
        }
        throw new FakeStatusException(405, "MethodNotAllowed", $"{request.Method} is not supported here");
    }

    private async Task<int> PatchAsync(HttpContext ctx, FakeResourceType type, string? ns, string name, bool statusOnly)
    {
        var request = ctx.Request;
        var contentType = request.ContentType?.Split(';')[0].Trim() ?? "";
        var apply = contentType == "application/apply-patch+yaml";
        // apimachinery ValidatePatchOptions: fieldManager is required for apply and force is forbidden otherwise,
        // both reported as 422 Invalid on the PatchOptions kind.
        if (apply && string.IsNullOrEmpty(request.Query["fieldManager"]))
            throw FakeStatusException.Invalid("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        if (!apply && request.Query.ContainsKey("force"))
            throw FakeStatusException.Invalid("PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch");
        var text = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(ctx.RequestAborted);
        JsonNode? patch;
        try { patch = JsonNode.Parse(text); }
        catch (System.Text.Json.JsonException e)
        {
            // JSON is valid YAML; the fake takes only the JSON form of an apply body.
            throw FakeStatusException.BadRequest($"the fake accepts JSON patch bodies only: {e.Message}");
        }

        var manager = request.Query["fieldManager"].ToString();
        var force = request.Query["force"] is ["true" or "1"];
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Func<JsonObject, JsonObject> change = contentType switch
        {
            "application/json-patch+json" => current => FakeJsonPatch.ApplyJsonPatch(current,
                patch as JsonArray ?? throw FakeStatusException.BadRequest("a JSON patch must be an array")),
            "application/merge-patch+json" => current =>
                FakeJsonPatch.MergePatch(current, patch as JsonObject ?? throw FakeStatusException.BadRequest("the patch must be an object")) as JsonObject ?? [],
            "application/apply-patch+yaml" => current => FakeFieldOwnership.Apply(current,
                patch as JsonObject ?? throw FakeStatusException.BadRequest("an apply body must be an object"), manager, force, statusOnly, now),
            // Built-in types: a strategic merge patch of maps and scalars is a merge patch (lists with merge keys are not modelled).
            "application/strategic-merge-patch+json" when !type.IsCustom => current =>
                FakeJsonPatch.MergePatch(current, patch as JsonObject ?? throw FakeStatusException.BadRequest("the patch must be an object")) as JsonObject ?? [],
            "application/strategic-merge-patch+json" => throw new FakeStatusException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"),
            _ => throw new FakeStatusException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"),
        };

        // Server-side apply creates what is not there; the other patch types need an existing object.
        if (apply && !statusOnly && _store.Get(type, ns, name) is null)
        {
            var created = change(new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });
            ((JsonObject)created["metadata"]!).Remove("resourceVersion");
            return await WriteJsonAsync(ctx, 201, _store.Create(type, ns, created));
        }
        return await WriteJsonAsync(ctx, 200, _store.Update(type, ns, name, change, statusOnly, requireResourceVersion: false));
    }

    private async Task WatchAsync(HttpContext ctx, FakeResourceType type, string? ns)
    {
        var query = ctx.Request.Query;
        var watcher = _store.Watch(type, ns, FakeLabelSelector.Parse(query["labelSelector"]), query["resourceVersion"]);
        var bookmarks = query["allowWatchBookmarks"] is ["true" or "1"] ? BookmarkInterval : null;
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, _stopping.Token);
        if (int.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0) lifetime.CancelAfter(TimeSpan.FromSeconds(seconds));
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.StartAsync(lifetime.Token);
        var reader = watcher.Events.Reader;
        try
        {
            while (!lifetime.IsCancellationRequested)
            {
                while (reader.TryRead(out var evt))
                {
                    await ctx.Response.WriteAsync(evt.ToJsonString() + "\n", lifetime.Token);
                }
                await ctx.Response.Body.FlushAsync(lifetime.Token);
                if (reader.Completion.IsCompleted) break;
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
                if (bookmarks is { } interval) wait.CancelAfter(interval);
                try
                {
                    if (!await reader.WaitToReadAsync(wait.Token)) break;
                }
                catch (OperationCanceledException) when (!lifetime.IsCancellationRequested)
                {
                    _store.Bookmark(watcher);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // timeoutSeconds passed, the client went away, or the fake is stopping: the stream just ends.
        }
        finally
        {
            _store.Unwatch(watcher);
        }
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return await System.Text.Json.JsonSerializer.DeserializeAsync<JsonObject>(request.Body, cancellationToken: ct)
                ?? throw FakeStatusException.BadRequest("the body is empty");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw FakeStatusException.BadRequest($"the body is not a JSON object: {e.Message}");
        }
    }

    private static async Task<int> WriteJsonAsync(HttpContext ctx, int code, JsonObject body)
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body.ToJsonString(), ctx.RequestAborted);
        return code;
    }
}
