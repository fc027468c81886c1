using System.ComponentModel;
using System.Globalization;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Ngsi.Queries;
using CityMesh.Twin.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary><c>GET /subscriptions</c>: one page in id order (limit, offset), with <c>count=true</c> the total in NGSILD-Results-Count.</summary>
public static class QuerySubscriptions
{
    public static async Task<IResult> HandleAsync(HttpContext http, [FromServices] SubscriptionSpaces spaces, [FromServices] TimeProvider time,
        [FromQuery(Name = "limit"), Description("Page size, 0 to 1000 (default 20; 0 only with count=true).")] string? limit,
        [FromQuery(Name = "offset"), Description("Subscriptions to skip, in id order.")] string? offset,
        [FromQuery(Name = "count"), Description("true: NGSILD-Results-Count gives the number of subscriptions.")] string? count,
        [FromQuery(Name = "options"), Description("sysAttrs: createdAt and modifiedAt.")] string? options,
        CancellationToken ct)
    {
        if (SubscriptionRequest.CallerRefusal(http) is { } refused) return new NgsiProblemResult(refused);
        var shape = NgsiResponseShape.Of(http.Request);
        var flags = NgsiOptions.Parse(options, null, "sysAttrs");
        var withCount = count switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw new NgsiProblemException(NgsiProblem.BadRequestData($"count: '{count}' is not true or false", "count")),
        };
        var pageSize = EntityQueryReader.ReadInt(limit, "limit") ?? NgsiLimits.DefaultLimit;
        if (pageSize > NgsiLimits.MaxLimit)
            return new NgsiProblemResult(NgsiProblem.TooManyResults($"limit is at most {NgsiLimits.MaxLimit}; page with offset", "limit"));
        if (pageSize == 0 && !withCount)
            return new NgsiProblemResult(NgsiProblem.BadRequestData("limit: limit=0 asks for nothing; it is allowed only with count=true", "limit"));
        var skip = EntityQueryReader.ReadInt(offset, "offset") ?? 0;
        var (items, total) = await spaces.For(http).Store.ListAsync(skip, pageSize, ct);
        if (withCount) http.Response.Headers[QueryEntities.CountHeader] = total.ToString(CultureInfo.InvariantCulture);
        var embedded = shape.MediaType == NgsiMediaType.JsonLd ? shape.ContextUrl : null;
        var now = time.GetUtcNow();
        return new NgsiJsonResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray();
            foreach (var stored in items) SubscriptionWriter.Write(w, stored, shape.Context, now, flags.SysAttrs, embedded);
            w.WriteEndArray();
        }, shape);
    }
}
