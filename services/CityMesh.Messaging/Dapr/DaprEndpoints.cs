using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapr;
using Dapr.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Messaging.Dapr;

/// <summary>The app side of Dapr pub/sub, on Dapr.AspNetCore: what the sidecar calls (PROTOCOLS.md 1.1–1.3).</summary>
public static class DaprEndpoints
{
    /// <summary>
    /// Maps <c>MapSubscribeHandler</c> (<c>GET /dapr/subscribe</c>), one delivery endpoint per subscribed topic with
    /// its <c>WithTopic</c> metadata, and <c>{RoutePrefix}/{topic}</c> for topics nobody here subscribes to any more.
    /// Adds, for those paths only, the app-token check (every call must carry <c>dapr-api-token</c> equal to
    /// <c>APP_API_TOKEN</c> when one is configured) and then <c>UseCloudEvents</c>, so the token is checked before any
    /// body is read. Call it on the <see cref="WebApplication"/>, which is also the pipeline those go into.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="endpoints"/> is not also an application pipeline.</exception>
    public static IEndpointConventionBuilder MapDaprSubscriptions(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints is not IApplicationBuilder app)
            throw new InvalidOperationException("MapDaprSubscriptions needs the WebApplication: it adds Dapr's CloudEvents middleware to its pipeline");
        var bus = endpoints.ServiceProvider.GetRequiredService<DaprEventBus>();
        var options = bus.Publisher.Options;
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DaprEndpoints).FullName!);
        var prefix = new PathString(options.RoutePrefix.TrimEnd('/'));
        app.UseWhen(context => IsFromSidecar(context.Request.Path, prefix), branch =>
        {
            branch.Use(async (context, next) =>
            {
                if (!HasAppToken(context.Request, options.AppApiToken))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
                if (context.Request.Path.StartsWithSegments(SubscribePath)) bus.Discovered();
                await next(context);
            });
            // Attributes as Cloudevent.* headers: our delivery handler rebuilds the whole event, not just its data.
            branch.UseCloudEvents(new CloudEventsMiddlewareOptions { ForwardCloudEventPropertiesAsHeaders = true });
        });

        Task Deliver(HttpContext context, string topic) => DeliverAsync(context, topic, bus, logger);
        endpoints.DataSources.Add(new DaprTopicEndpoints(bus, options, Deliver));
        endpoints.MapPost(prefix + "/{topic}", (HttpContext context, string topic) => Deliver(context, topic)).ExcludeFromDescription();
        return endpoints.MapSubscribeHandler();
    }

    private static readonly PathString SubscribePath = new("/dapr/subscribe");

    private static bool IsFromSidecar(PathString path, PathString prefix) =>
        path.StartsWithSegments(SubscribePath) || path.StartsWithSegments(prefix);

    private static bool HasAppToken(HttpRequest request, string? expected)
    {
        if (expected is null) return true;
        var given = request.Headers["dapr-api-token"].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
    }

    private static async Task DeliverAsync(HttpContext context, string topic, DaprEventBus bus, ILogger logger)
    {
        var ct = context.RequestAborted;
        if (DaprDeliveredEvent.IsUnwrapped(context.Request))
        {
            CloudEvent cloudEvent;
            try
            {
                cloudEvent = await DaprDeliveredEvent.ReadAsync(context.Request, ct);
            }
            catch (CloudEventFormatException e)
            {
                // Non-2xx makes the sidecar retry and then dead-letter the event itself, so nothing is lost.
                logger.LogWarning("Unreadable CloudEvent delivered on {Topic}: {Error}", topic, e.Message);
                await Results.Problem(statusCode: 400, title: "Not a readable CloudEvent", detail: e.Message).ExecuteAsync(context);
                return;
            }
            var status = (await bus.DeliverAsync(topic, [cloudEvent], ct))[0];
            await context.Response.WriteAsJsonAsync(new StatusAnswer(Name(status).ToString()), ct);
            return;
        }

        BulkSubscribeMessage<JsonElement>? bulk;
        try
        {
            bulk = await context.Request.ReadFromJsonAsync<BulkSubscribeMessage<JsonElement>>(JsonSerializerOptions.Web, ct);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            await Results.Problem(statusCode: 400, title: "Delivery is neither a CloudEvent nor a bulk envelope", detail: e.Message).ExecuteAsync(context);
            return;
        }
        if (bulk?.Entries is null)
        {
            await Results.Problem(statusCode: 400, title: "Delivery is neither a CloudEvent nor a bulk envelope").ExecuteAsync(context);
            return;
        }
        await context.Response.WriteAsJsonAsync(await DeliverBulkAsync(topic, bulk.Entries, bus, logger, ct), JsonSerializerOptions.Web, ct);
    }

    /// <summary>The bulk envelope (<c>NewBulkSubscribeEnvelope</c>), answered with a status per entryId.</summary>
    private static async Task<BulkSubscribeAppResponse> DeliverBulkAsync(string topic, List<BulkSubscribeMessageEntry<JsonElement>> entries,
        DaprEventBus bus, ILogger logger, CancellationToken ct)
    {
        var answers = new List<BulkSubscribeAppResponseEntry>();
        var readable = new List<(string EntryId, CloudEvent Event)>();
        foreach (var entry in entries)
        {
            // An entry without an id cannot be answered; the sidecar counts it as RETRY.
            if (string.IsNullOrEmpty(entry.EntryId)) continue;
            try
            {
                readable.Add((entry.EntryId, DaprCloudEventJson.Read(entry.Event)));
            }
            catch (CloudEventFormatException e)
            {
                // Like a single delivery answered 400: the sidecar retries it, then dead-letters it.
                logger.LogWarning("Unreadable bulk entry {EntryId} on {Topic}: {Error}", entry.EntryId, topic, e.Message);
                answers.Add(new BulkSubscribeAppResponseEntry(entry.EntryId, BulkSubscribeAppResponseStatus.RETRY));
            }
        }
        var statuses = await bus.DeliverAsync(topic, [.. readable.Select(r => r.Event)], ct);
        answers.AddRange(readable.Select((r, i) => new BulkSubscribeAppResponseEntry(r.EntryId, Name(statuses[i]))));
        return new BulkSubscribeAppResponse(answers);
    }

    private static BulkSubscribeAppResponseStatus Name(DaprDeliveryStatus status) => status switch
    {
        DaprDeliveryStatus.Success => BulkSubscribeAppResponseStatus.SUCCESS,
        DaprDeliveryStatus.Retry => BulkSubscribeAppResponseStatus.RETRY,
        _ => BulkSubscribeAppResponseStatus.DROP,
    };

    private sealed record StatusAnswer(string Status);
}
