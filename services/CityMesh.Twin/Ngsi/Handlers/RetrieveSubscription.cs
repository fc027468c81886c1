using System.ComponentModel;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary><c>GET /subscriptions/{id}</c>: the subscription and its status, or 404.</summary>
public static class RetrieveSubscription
{
    public static async Task<IResult> HandleAsync(HttpContext http, [FromServices] SubscriptionSpaces spaces, [FromServices] TimeProvider time, string id,
        [FromQuery(Name = "options"), Description("sysAttrs: createdAt and modifiedAt.")] string? options, CancellationToken ct)
    {
        if (SubscriptionRequest.CallerRefusal(http) is { } refused) return new NgsiProblemResult(refused);
        var subscriptionId = EntityRoute.Id(id);
        var shape = NgsiResponseShape.Of(http.Request);
        var flags = NgsiOptions.Parse(options, null, "sysAttrs");
        if (await spaces.For(http).Store.GetAsync(subscriptionId, ct) is not { } stored)
            return new NgsiProblemResult(SubscriptionRequest.NotFound(subscriptionId));
        var embedded = shape.MediaType == NgsiMediaType.JsonLd ? shape.ContextUrl : null;
        var now = time.GetUtcNow();
        return new NgsiJsonResult(StatusCodes.Status200OK, w => SubscriptionWriter.Write(w, stored, shape.Context, now, flags.SysAttrs, embedded), shape);
    }
}
