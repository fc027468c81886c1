using System.Text.Json;
using CityMesh.Access;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Subscriptions;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>What the subscription endpoints share: the context a body was written in, who may subscribe, the route.</summary>
public static class SubscriptionRequest
{
    public const string Subscriptions = "/ngsi-ld/v1/subscriptions";

    /// <summary>
    /// A body's context: how it reads names, its JSON (kept with the subscription, so q reads the same later), and the
    /// URL notifications name by default (the request's, when it gave one by URL; CityMesh's otherwise).
    /// </summary>
    public static SubscriptionReader Reader(HttpRequest request, NgsiRequestBody body, SubscriptionOptions options, DateTimeOffset now)
    {
        var context = body.ContextOf(body.Root);
        string source, url;
        if (body.MediaType == NgsiMediaType.JsonLd)
        {
            var element = body.Root.GetProperty("@context");
            source = element.GetRawText();
            url = FirstUrl(element) ?? CityMeshContext.UrlFor(request);
        }
        else
        {
            url = context.Url ?? CityMeshContext.UrlFor(request);
            source = JsonSerializer.Serialize(url);
        }
        return new SubscriptionReader(context, source, url, options, now);
    }

    /// <summary>A context URL the body names (other than the core context, which every context includes).</summary>
    private static string? FirstUrl(JsonElement context)
    {
        var items = context.ValueKind == JsonValueKind.Array ? [.. context.EnumerateArray()] : new[] { context };
        return items.Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!).FirstOrDefault(u => !CityMeshContext.IsCoreContextUrl(u));
    }

    /// <summary>
    /// Null when the caller may hold subscriptions at all: a notification is a call the twin makes on a caller's
    /// behalf, so anonymous callers never subscribe, whatever open data they may read.
    /// </summary>
    public static NgsiProblem? CallerRefusal(HttpContext http) => Caller.Of(http.User) is null
        ? AccessProblems.Unauthorized("subscriptions need credentials: send X-Api-Key: KEY or Authorization: Bearer TOKEN")
        : null;

    /// <summary>Null when the caller may read every entity the subscription could notify.</summary>
    public static NgsiProblem? ReadRefusal(HttpContext http, NgsiAccess access, Subscription s) =>
        CallerRefusal(http) ?? access.ReadRefusal(http.User, s.Entities?.Select(e => e.Type).Distinct().ToArray());

    public static string PathOf(HttpRequest request, string id) => $"{request.PathBase}{Subscriptions}/{Uri.EscapeDataString(id)}";

    public static NgsiProblem NotFound(string id) => NgsiProblem.ResourceNotFound($"no subscription '{id}'") with { Field = "id" };

    public static NgsiProblem Taken(string id) => NgsiProblem.AlreadyExists(id) with { Detail = $"subscription '{id}' already exists" };
}
