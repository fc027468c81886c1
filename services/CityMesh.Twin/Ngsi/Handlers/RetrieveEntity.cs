using System.ComponentModel;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Ngsi.Queries;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary><c>GET /entities/{id}</c>: the entity, normalized or keyValues, or 404 ResourceNotFound.</summary>
public static class RetrieveEntity
{
    public static async Task<IResult> HandleAsync(
        HttpContext http, TwinTenants tenants, NgsiAccess access, string id,
        [FromQuery(Name = "attrs"), Description("Comma-separated attributes to return.")] string? attrs,
        [FromQuery(Name = "options"), Description("keyValues (simplified) and/or sysAttrs.")] string? options,
        [FromQuery(Name = "format"), Description("normalized or simplified (keyValues).")] string? format,
        CancellationToken ct)
    {
        var store = tenants.For(http).Store;
        var entityId = EntityRoute.Id(id);
        var shape = NgsiResponseShape.Of(http.Request);
        var flags = NgsiOptions.Parse(options, format, "keyValues", "simplified", "normalized", "sysAttrs");
        var projection = NameList.Attributes(attrs, shape.Context);
        if (access.ReadRefusal(http.User, EntityRoute.TypesOf(entityId)) is { } refused) return new NgsiProblemResult(refused);
        var entity = await store.GetAsync(entityId, ct);
        // An id that claims an open type but names another kind of entity reads as absent to an anonymous caller.
        if (entity is null || access.ReadRefusal(http.User, [entity.Type]) is not null)
            return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
        // Clause 6.5.3.1: a projection that leaves the entity no attribute finds nothing.
        if (projection is not null && !projection.Any(name => EntityAttributes.Has(entity, name)))
            return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"entity '{entityId}' has none of the attributes {attrs}"));
        var rep = shape.Representation(flags, projection);
        return new NgsiJsonResult(StatusCodes.Status200OK, w => NgsiLdCodec.WriteEntity(w, entity, rep), shape);
    }
}
