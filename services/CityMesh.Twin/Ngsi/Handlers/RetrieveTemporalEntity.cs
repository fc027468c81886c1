using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Ngsi.Queries;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>GET /temporal/entities/{id}</c>: the history of the entity's dynamic properties (those written with
/// observedAt), each as an array of instances, oldest first, or as aggregates; 404 ResourceNotFound when there is no entity.
/// </summary>
public static class RetrieveTemporalEntity
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, NgsiAccess access, string id,
        [AsParameters] TemporalQueryParameters parameters, [AsParameters] TemporalWindowParameters window, CancellationToken ct)
    {
        var store = tenants.For(http).Store;
        var entityId = EntityRoute.Id(id);
        var shape = NgsiResponseShape.Of(http.Request);
        var request = TemporalQueryReader.Read(entityId, parameters.Attrs, parameters.Options, parameters.Format, window, shape.Context);
        if (access.ReadRefusal(http.User, EntityRoute.TypesOf(entityId)) is { } refused) return new NgsiProblemResult(refused);
        var answer = await TemporalAnswer.ReadAsync(store, request, entityId, ct);
        if (answer is null || access.ReadRefusal(http.User, [answer.Type]) is not null) return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
        var rep = shape.Representation(NgsiOptions.None);
        return new NgsiJsonResult(StatusCodes.Status200OK, w => answer.Write(w, rep), shape);
    }
}
