using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Messaging.Dapr;

/// <summary>The app side of Dapr pub/sub: what the sidecar calls (PROTOCOLS.md 1.1–1.3).</summary>
public static class DaprEndpoints
{
    /// <summary>
    /// Maps <c>GET /dapr/subscribe</c> and the delivery route <c>{RoutePrefix}/{topic}</c> (single CloudEvents and bulk
    /// envelopes). Every call must carry <c>dapr-api-token</c> equal to <c>APP_API_TOKEN</c> when one is configured.
    /// </summary>
    public static RouteGroupBuilder MapDaprSubscriptions(this IEndpointRouteBuilder endpoints)
    {
        var bus = endpoints.ServiceProvider.GetRequiredService<DaprEventBus>();
        var options = bus.Sidecar.Options;
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DaprEndpoints).FullName!);
        var group = endpoints.MapGroup("").ExcludeFromDescription();
        group.AddEndpointFilter(async (context, next) =>
            HasAppToken(context.HttpContext.Request, options.AppApiToken) ? await next(context) : Results.Unauthorized());

        // Read by the sidecar once, when it starts: see DaprEventBus's remarks.
        group.MapGet("/dapr/subscribe", () => Results.Json(bus.DescribeSubscriptions()));
        group.MapPost(options.RoutePrefix.TrimEnd('/') + "/{topic}", (HttpContext context, string topic) => DeliverAsync(context, topic, bus, logger));
        return group;
    }

    private static bool HasAppToken(HttpRequest request, string? expected)
    {
        if (expected is null) return true;
        var given = request.Headers["dapr-api-token"].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
    }

    private static async Task<IResult> DeliverAsync(HttpContext context, string topic, DaprEventBus bus, ILogger logger)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException e)
        {
            return Results.Problem(statusCode: 400, title: "Delivery is not JSON", detail: e.Message);
        }
        using (body)
        {
            var root = body.RootElement;
            var isCloudEvent = context.Request.ContentType?.StartsWith(DaprCloudEventJson.ContentType, StringComparison.OrdinalIgnoreCase) == true;
            if (!isCloudEvent && root.ValueKind == JsonValueKind.Object && root.TryGetProperty("entries", out var entries)
                && entries.ValueKind == JsonValueKind.Array)
                return await DeliverBulkAsync(topic, entries, bus, logger, context.RequestAborted);

            CloudEvent cloudEvent;
            try
            {
                cloudEvent = DaprCloudEventJson.Read(root);
            }
            catch (CloudEventFormatException e)
            {
                // Non-2xx makes the sidecar retry and then dead-letter the event itself, so nothing is lost.
                logger.LogWarning("Unreadable CloudEvent delivered on {Topic}: {Error}", topic, e.Message);
                return Results.Problem(statusCode: 400, title: "Not a readable CloudEvent", detail: e.Message);
            }
            var status = (await bus.DeliverAsync(topic, [cloudEvent], context.RequestAborted))[0];
            return Results.Json(new StatusAnswer(Name(status)));
        }
    }

    /// <summary>The bulk envelope (<c>NewBulkSubscribeEnvelope</c>), answered with a status per entryId.</summary>
    private static async Task<IResult> DeliverBulkAsync(string topic, JsonElement entries, DaprEventBus bus, ILogger logger, CancellationToken ct)
    {
        var answers = new List<EntryStatus>();
        var readable = new List<(string EntryId, CloudEvent Event)>();
        foreach (var entry in entries.EnumerateArray())
        {
            var entryId = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("entryId", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()!
                : null;
            if (entryId is null) continue;
            try
            {
                if (!entry.TryGetProperty("event", out var e)) throw new CloudEventFormatException("the entry has no event");
                readable.Add((entryId, DaprCloudEventJson.Read(e)));
            }
            catch (CloudEventFormatException e)
            {
                // Like a single delivery answered 400: the sidecar retries it, then dead-letters it.
                logger.LogWarning("Unreadable bulk entry {EntryId} on {Topic}: {Error}", entryId, topic, e.Message);
                answers.Add(new EntryStatus(entryId, Name(DaprDeliveryStatus.Retry)));
            }
        }
        var statuses = await bus.DeliverAsync(topic, [.. readable.Select(r => r.Event)], ct);
        answers.AddRange(readable.Select((r, i) => new EntryStatus(r.EntryId, Name(statuses[i]))));
        return Results.Json(new BulkAnswer(answers));
    }

    private static string Name(DaprDeliveryStatus status) => status switch
    {
        DaprDeliveryStatus.Success => "SUCCESS",
        DaprDeliveryStatus.Retry => "RETRY",
        _ => "DROP",
    };

    private sealed record StatusAnswer(string Status);

    private sealed record EntryStatus(string EntryId, string Status);

    private sealed record BulkAnswer(IReadOnlyList<EntryStatus> Statuses);
}
