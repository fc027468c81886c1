using System.Text.Json;
using CityMesh.Twin.Ngsi.Handlers;
using CityMesh.Twin.Ngsi.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Twin.Ngsi;

/// <summary>The subscription endpoints (clauses 5.8 and 6.10, 6.11); notifications are <c>Subscriptions/</c>' work.</summary>
public static partial class NgsiLdEndpoints
{
    private static void MapSubscriptions(RouteGroupBuilder api)
    {
        MapWithBody(api, HttpMethods.Post, "/subscriptions", CreateSubscription.HandleAsync, SubscriberOnly)
            .WithName("ngsiCreateSubscription")
            .WithSummary("Create a subscription")
            .WithDescription("Body: an NGSI-LD Subscription. 201 with Location; 409 AlreadyExists for a taken id.")
            .Produces(StatusCodes.Status201Created)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status409Conflict,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/subscriptions", QuerySubscriptions.HandleAsync)
            .WithName("ngsiQuerySubscriptions")
            .WithSummary("List subscriptions")
            .WithDescription("One page in id order (limit, offset); count=true sets NGSILD-Results-Count.")
            .Produces<JsonElement>(StatusCodes.Status200OK, NgsiMediaTypes.Json, NgsiMediaTypes.JsonLd)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized);

        api.MapGet("/subscriptions/{id}", RetrieveSubscription.HandleAsync)
            .WithName("ngsiRetrieveSubscription")
            .WithSummary("Retrieve a subscription")
            .WithDescription("The subscription with its status: active, paused or expired, and the notification's timesSent, lastNotification, lastSuccess, lastFailure.")
            .Produces<JsonElement>(StatusCodes.Status200OK, NgsiMediaTypes.Json, NgsiMediaTypes.JsonLd)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);

        MapWithBody(api, HttpMethods.Patch, "/subscriptions/{id}", UpdateSubscription.HandleAsync, SubscriberOnly)
            .WithName("ngsiUpdateSubscription")
            .WithSummary("Update a subscription")
            .WithDescription("The members sent replace the subscription's (notification's members one by one). 204; 404.")
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

        api.MapDelete("/subscriptions/{id}", DeleteSubscription.HandleAsync)
            .WithName("ngsiDeleteSubscription")
            .WithSummary("Delete a subscription")
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
    }

    /// <summary>Refuses anonymous callers before a subscription body is read (<see cref="SubscriptionRequest.CallerRefusal"/>).</summary>
    private static async ValueTask<object?> SubscriberOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        SubscriptionRequest.CallerRefusal(context.HttpContext) is { } refused ? new NgsiProblemResult(refused) : await next(context);
}
