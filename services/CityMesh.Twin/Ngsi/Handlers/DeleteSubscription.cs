using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary><c>DELETE /subscriptions/{id}</c>: 204, or 404; notifications it still had to send are dropped.</summary>
public static class DeleteSubscription
{
    public static async Task<IResult> HandleAsync(HttpContext http, [FromServices] SubscriptionSpaces spaces, string id, CancellationToken ct)
    {
        if (SubscriptionRequest.CallerRefusal(http) is { } refused) return new NgsiProblemResult(refused);
        var space = spaces.For(http);
        var subscriptionId = EntityRoute.Id(id);
        if (!await space.Store.DeleteAsync(subscriptionId, ct)) return new NgsiProblemResult(SubscriptionRequest.NotFound(subscriptionId));
        await space.RefreshAsync(force: true, ct);
        return TypedResults.NoContent();
    }
}
