using CityMesh.Limits;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary><c>PATCH /subscriptions/{id}</c>: the members sent replace the subscription's; 204, or 404.</summary>
public static class UpdateSubscription
{
    public static async Task<IResult> HandleAsync(HttpContext http, [FromServices] SubscriptionSpaces spaces, [FromServices] SubscriptionOptions options,
        [FromServices] NgsiAccess access, [FromServices] InputLimits limits, [FromServices] TimeProvider time, string id, CancellationToken ct)
    {
        var space = spaces.For(http);
        var subscriptionId = EntityRoute.Id(id);
        using var body = await NgsiRequestBody.ReadAsync(http.Request, limits.EntityBodyBytes, limits, ct);
        if (await space.Store.GetAsync(subscriptionId, ct) is not { } stored) return new NgsiProblemResult(SubscriptionRequest.NotFound(subscriptionId));
        var reader = SubscriptionRequest.Reader(http.Request, body, options, time.GetUtcNow());
        var patched = reader.Patch(stored.Subscription, body.Root);
        // q is kept as the client wrote it, so it is read later with the context of the request that last wrote it.
        if (body.Root.TryGetProperty("q", out _)) patched = patched with { Context = reader.ContextSource };
        if (SubscriptionRequest.ReadRefusal(http, access, patched) is { } refused) return new NgsiProblemResult(refused);
        if (!await space.Store.ReplaceAsync(patched, ct)) return new NgsiProblemResult(SubscriptionRequest.NotFound(subscriptionId));
        await space.RefreshAsync(force: true, ct);
        return TypedResults.NoContent();
    }
}
