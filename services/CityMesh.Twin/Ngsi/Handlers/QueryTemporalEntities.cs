using System.Globalization;
using System.Text.Json;
using CityMesh.Limits;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Ngsi.Queries;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>GET /temporal/entities</c>: the entities <c>GET /entities</c> would list for the same type, id, idPattern, q,
/// attrs and geo-query (tested against their current state), one page of them in id order, each with its history
/// selected by timerel, lastN and attrs. count and Link pagination as for <c>GET /entities</c>.
/// </summary>
public static class QueryTemporalEntities
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, NgsiAccess access, InputLimits limits,
        [AsParameters] EntityQueryParameters parameters, [AsParameters] TemporalWindowParameters window, CancellationToken ct)
    {
        var store = tenants.For(http).Store;
        var shape = NgsiResponseShape.Of(http.Request);
        var temporal = TemporalQueryReader.Read("", parameters.Attrs, parameters.Options, parameters.Format, window, shape.Context);
        var request = EntityQueryReader.Read(parameters with { Options = null, Format = null }, shape.Context, limits);
        if (access.ReadRefusal(http.User, request.Query.Types) is { } refused) return new NgsiProblemResult(refused);
        var page = await store.QueryAsync(request.Query, ct);
        var answers = new List<TemporalAnswer>(page.Items.Count);
        foreach (var entity in page.Items)
        {
            // An entity deleted since the page was read is left out.
            if (await TemporalAnswer.ReadAsync(store, temporal, entity.Id, ct) is { } answer) answers.Add(answer);
        }
        return new TemporalListResult(answers, shape, request, page.TotalCount);
    }

    private sealed class TemporalListResult(List<TemporalAnswer> answers, NgsiResponseShape shape, EntityQueryRequest request, int total)
        : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status200OK;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            shape.Apply(response);
            if (request.Count) response.Headers[QueryEntities.CountHeader] = total.ToString(CultureInfo.InvariantCulture);
            PageLinks.Add(httpContext, request.Query.Offset, request.Query.Limit, total);
            var rep = shape.Representation(NgsiOptions.None);
            using (var w = new Utf8JsonWriter(response.BodyWriter, NgsiLdCodec.WriterOptions))
            {
                w.WriteStartArray();
                foreach (var answer in answers) answer.Write(w, rep);
                w.WriteEndArray();
            }
            await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
        }
    }
}
