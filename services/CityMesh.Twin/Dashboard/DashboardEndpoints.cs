using System.Text;
using System.Text.Json;
using CityMesh.Access;
using CityMesh.Contracts.Twin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CityMesh.Twin.Dashboard;

/// <summary>
/// The operator's page: <c>/</c> (HTML), its scripts and style under <c>/dashboard/</c> (<see cref="DashboardAssets.Names"/>),
/// the city snapshot at
/// <c>/dashboard/city.json</c> and live changes as Server-Sent Events at <c>/dashboard/events</c>:
/// <c>snapshot</c> (the city.json document; first, and again whenever the viewer fell behind) and
/// <c>changes</c> (<c>{"time", "cityTime"?, "changes": [TwinChange...]}</c>).
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>Changes are gathered this long before a write, so a round of telemetry goes out as one event.</summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private const int MaxChangesPerEvent = 2000;

    /// <summary>POST here with a key or token to get the session cookie the page reads with.</summary>
    public const string SessionPath = "/dashboard/session";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", (HttpContext http) => Serve(http, "index.html")).ExcludeFromDescription();
        foreach (var file in DashboardAssets.Names.Where(n => n != "index.html"))
            endpoints.MapGet("/dashboard/" + file, (HttpContext http) => Serve(http, file)).ExcludeFromDescription();
        endpoints.MapPost(SessionPath, (HttpContext http, DashboardSessions sessions) =>
        {
            // Signing in: the key or token on this request becomes a session cookie the page's reads carry. Its path is
            // the whole site, since the operations center reads governance, safety and energy too; it stays read-only
            // (accepted on GET and HEAD alone), so decisions still need the key itself.
            var caller = Caller.From(http.User);
            http.Response.Cookies.Append(DashboardSessions.CookieName, sessions.Issue(caller), new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", Secure = http.Request.IsHttps,
                MaxAge = DashboardSessions.Lifetime,
            });
            return TypedResults.Ok(new { name = caller.Name, role = caller.Role });
        }).RequireAuthorization(Roles.Policy.Viewer).ExcludeFromDescription();
        endpoints.MapGet(SessionPath, (HttpContext http) => TypedResults.Ok(new { name = Caller.From(http.User).Name, role = Caller.From(http.User).Role }))
            .RequireAuthorization(Roles.Policy.Viewer).ExcludeFromDescription();
        endpoints.MapGet("/dashboard/city.json", async (HttpContext http, CitySnapshot snapshot) =>
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.Headers.CacheControl = "no-store";
            await snapshot.WriteAsync(http.Response.Body, http.RequestAborted);
        }).RequireAuthorization(Roles.Policy.Viewer).WithName("DashboardCity").WithSummary("The city's entities with geometry and current values, for the dashboard");
        endpoints.MapGet("/dashboard/events", async (HttpContext http, DashboardFeed feed, CitySnapshot snapshot, IHostApplicationLifetime lifetime) =>
        {
            // An open stream would otherwise hold shutdown for the host's whole grace period.
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            await StreamAsync(http, feed, snapshot, ended.Token);
        })
            .RequireAuthorization(Roles.Policy.Viewer).WithName("DashboardEvents").WithSummary("Server-Sent Events: a city snapshot, then the twin's changes as they happen");
        return endpoints;
    }

    private static IResult Serve(HttpContext http, string file)
    {
        var asset = DashboardAssets.Files[file];
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch == asset.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static async Task StreamAsync(HttpContext http, DashboardFeed feed, CitySnapshot snapshot, CancellationToken ct)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        // Proxies such as nginx would otherwise hold the stream back.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var viewer = feed.Join();
        var body = http.Response.Body;
        try
        {
            await WriteSnapshotAsync(body, snapshot, ct);
            var batch = new List<JsonElement>();
            while (!ct.IsCancellationRequested)
            {
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    wait.CancelAfter(Heartbeat);
                    try
                    {
                        if (!await viewer.Changes.WaitToReadAsync(wait.Token)) return;
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        await body.WriteAsync(": keep-alive\n\n"u8.ToArray(), ct);
                        await body.FlushAsync(ct);
                        continue;
                    }
                }
                await Task.Delay(Coalesce, ct);
                if (viewer.TakeResync())
                {
                    await WriteSnapshotAsync(body, snapshot, ct);
                    continue;
                }
                batch.Clear();
                while (batch.Count < MaxChangesPerEvent && viewer.Changes.TryRead(out var change)) batch.Add(change);
                if (batch.Count > 0) await WriteChangesAsync(body, batch, snapshot, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The browser went away.
        }
    }

    private static async Task WriteSnapshotAsync(Stream body, CitySnapshot snapshot, CancellationToken ct)
    {
        using var json = new MemoryStream();
        await snapshot.WriteAsync(json, ct);
        await WriteEventAsync(body, "snapshot", json, ct);
    }

    private static async Task WriteChangesAsync(Stream body, List<JsonElement> changes, CitySnapshot snapshot, CancellationToken ct)
    {
        using var json = new MemoryStream();
        await using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            snapshot.WriteClock(w);
            w.WriteStartArray("changes");
            foreach (var change in changes) change.WriteTo(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        await WriteEventAsync(body, "changes", json, ct);
    }

    /// <summary>Compact JSON has no line breaks, so the whole document fits one <c>data:</c> line.</summary>
    private static async Task WriteEventAsync(Stream body, string name, MemoryStream json, CancellationToken ct)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes($"event: {name}\ndata: "), ct);
        json.Position = 0;
        await json.CopyToAsync(body, ct);
        await body.WriteAsync("\n\n"u8.ToArray(), ct);
        await body.FlushAsync(ct);
    }
}
