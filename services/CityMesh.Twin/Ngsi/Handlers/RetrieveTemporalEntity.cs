using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Ngsi.Queries;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>GET /temporal/entities/{id}</c>: the history of the entity's dynamic properties (those written with
/// observedAt), each as an array of instances, oldest first; 404 ResourceNotFound when there is no entity.
/// </summary>
public static class RetrieveTemporalEntity
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, NgsiAccess access, string id, [AsParameters] TemporalQueryParameters parameters,
        CancellationToken ct)
    {
        var store = tenants.For(http).Store;
        var entityId = EntityRoute.Id(id);
        var shape = NgsiResponseShape.Of(http.Request);
        var (query, options) = TemporalQueryReader.Read(entityId, parameters, shape.Context);
        if (access.ReadRefusal(http.User, EntityRoute.TypesOf(entityId)) is { } refused) return new NgsiProblemResult(refused);
        var history = await store.GetHistoryAsync(query, ct);
        if (history is null || access.ReadRefusal(http.User, [history.Type]) is not null) return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
        var rep = shape.Representation(NgsiOptions.None);
        return new NgsiJsonResult(StatusCodes.Status200OK, w => NgsiLdCodec.WriteTemporal(w, history, rep, options.TemporalValues), shape);
    }
}
