using System.ComponentModel;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Catalog;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>GET /types</c> (clause 6.25.3.1): an EntityTypeList <c>{id, type, typeList}</c> of the types held; with
/// <c>details=true</c> an array of EntityType <c>{id, type, typeName, attributeNames}</c>.
/// </summary>
public static class RetrieveTypes
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, NgsiAccess access,
        [FromQuery(Name = "details"), Description("true: each type with its attribute names.")] string? details,
        CancellationToken ct)
    {
        var withDetails = CatalogParameters.Details(details);
        var answer = await CatalogAnswer.ReadAsync(http, tenants, access, null, ct);
        if (!withDetails)
        {
            return answer.Ok(w =>
            {
                answer.StartObject(w, CatalogAnswer.ListId("EntityTypeList"), "EntityTypeList");
                answer.WriteNames(w, "typeList", answer.Types.Select(t => t.Type));
                w.WriteEndObject();
            });
        }
        return answer.Ok(w =>
        {
            w.WriteStartArray();
            foreach (var type in answer.Types)
            {
                answer.StartObject(w, CatalogAnswer.Iri(type.Type), "EntityType");
                w.WriteString("typeName", answer.Name(type.Type));
                answer.WriteNames(w, "attributeNames", type.Attributes.Select(a => a.Name));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }
}
