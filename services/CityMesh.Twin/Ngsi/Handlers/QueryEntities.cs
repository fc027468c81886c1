using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using CityMesh.Limits;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Ngsi.Queries;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>GET /entities</c>: one page of the entities matching type, id, idPattern, q and the geo-query, in id order;
/// with <c>count=true</c> the number of all matches in <c>NGSILD-Results-Count</c>; Link headers to the next and previous
/// pages (<see cref="PageLinks"/>).
/// </summary>
public static class QueryEntities
{
    public const string CountHeader = "NGSILD-Results-Count";

    public static Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, NgsiAccess access, InputLimits limits,
        [AsParameters] EntityQueryParameters parameters, CancellationToken ct) =>
        AnswerAsync(tenants.For(http).Store, access, limits, http.User, parameters, NgsiResponseShape.Of(http.Request), ct);

    /// <summary>The query's page for <paramref name="user"/>, names read and written in <paramref name="shape"/>'s context (also for <see cref="QueryEntitiesByPost"/>).</summary>
    internal static async Task<IResult> AnswerAsync(ITwinStore store, NgsiAccess access, InputLimits limits, ClaimsPrincipal user,
        EntityQueryParameters parameters, NgsiResponseShape shape, CancellationToken ct)
    {
        var request = EntityQueryReader.Read(parameters, shape.Context, limits);
        if (access.ReadRefusal(user, request.Query.Types) is { } refused) return new NgsiProblemResult(refused);
        var page = await store.QueryAsync(request.Query, ct);
        var attrs = request.Query.Attrs?.ToHashSet(StringComparer.Ordinal);
        return new EntityListResult(page, shape, shape.Representation(request.Options, attrs), request.Count, request.Query);
    }

    /// <summary>Streams the page: entities go to the response pipe as they are written, flushed in chunks.</summary>
    private sealed class EntityListResult(EntityPage page, NgsiResponseShape shape, NgsiRepresentation rep, bool count, EntityQuery query)
        : IResult, IStatusCodeHttpResult
    {
        private const int FlushEvery = 64;

        public int? StatusCode => StatusCodes.Status200OK;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var ct = httpContext.RequestAborted;
            response.StatusCode = StatusCodes.Status200OK;
            shape.Apply(response);
            if (count) response.Headers[CountHeader] = page.TotalCount.ToString(CultureInfo.InvariantCulture);
            PageLinks.Add(httpContext, query.Offset, query.Limit, page.TotalCount);
            var pipe = response.BodyWriter;
            using var w = new Utf8JsonWriter(pipe, NgsiLdCodec.WriterOptions);
            w.WriteStartArray();
            for (var i = 0; i < page.Items.Count; i++)
            {
                NgsiLdCodec.WriteEntity(w, page.Items[i], rep);
                if ((i + 1) % FlushEvery != 0) continue;
                w.Flush(); // hands the written bytes to the pipe, which sends them
                await pipe.FlushAsync(ct);
            }
            w.WriteEndArray();
            w.Flush();
            await pipe.FlushAsync(ct);
        }
    }
}
