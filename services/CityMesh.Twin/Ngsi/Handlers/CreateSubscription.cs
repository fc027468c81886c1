using CityMesh.Limits;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary><c>POST /subscriptions</c>: 201 with Location; 409 AlreadyExists for a taken id.</summary>
public static class CreateSubscription
{
    public static async Task<IResult> HandleAsync(HttpContext http, [FromServices] SubscriptionSpaces spaces, [FromServices] SubscriptionOptions options,
        [FromServices] NgsiAccess access, [FromServices] InputLimits limits, [FromServices] TimeProvider time, CancellationToken ct)
    {
        var space = spaces.For(http);
        using var body = await NgsiRequestBody.ReadAsync(http.Request, limits.EntityBodyBytes, limits, ct);
        var subscription = SubscriptionRequest.Reader(http.Request, body, options, time.GetUtcNow()).Create(body.Root);
        if (SubscriptionRequest.ReadRefusal(http, access, subscription) is { } refused) return new NgsiProblemResult(refused);
        var (_, total) = await space.Store.ListAsync(0, 0, ct);
        if (total >= options.MaxSubscriptions)
            return new NgsiProblemResult(NgsiProblem.InvalidRequest(
                $"this twin holds {options.MaxSubscriptions} subscriptions here ({SubscriptionOptions.Section}:MaxSubscriptions); delete some first",
                StatusCodes.Status403Forbidden));
        // Changes already made are not this subscription's to notify, however late the notifier reads them.
        if (space.Changes is { } log) subscription = subscription with { Since = (await log.HeadAsync(ct)).ToString() };
        if (!await space.Store.CreateAsync(subscription, ct)) return new NgsiProblemResult(SubscriptionRequest.Taken(subscription.Id));
        await space.RefreshAsync(force: true, ct);
        return TypedResults.Created(SubscriptionRequest.PathOf(http.Request, subscription.Id));
    }
}
