using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Catalog;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>GET /types/{type}</c> (clause 6.26.3.1): an EntityTypeInfo <c>{id, type, typeName, entityCount,
/// attributeDetails: [{id, type: "Attribute", attributeName, attributeTypes}]}</c>; 404 when no entity has the type.
/// </summary>
public static class RetrieveType
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, NgsiAccess access, string type, CancellationToken ct)
    {
        var answer = await CatalogAnswer.ReadAsync(http, tenants, access, type, ct);
        if (answer.Types.Count == 0) return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity has type '{type}'"));
        var info = answer.Types[0];
        return answer.Ok(w =>
        {
            answer.StartObject(w, CatalogAnswer.Iri(info.Type), "EntityTypeInfo");
            w.WriteString("typeName", answer.Name(info.Type));
            w.WriteNumber("entityCount", info.EntityCount);
            w.WriteStartArray("attributeDetails");
            foreach (var attribute in info.Attributes.GroupBy(a => a.Name, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("id", CatalogAnswer.Iri(attribute.Key));
                w.WriteString("type", "Attribute");
                w.WriteString("attributeName", answer.Name(attribute.Key));
                CatalogAnswer.WriteKinds(w, attribute.Select(a => a.Kind));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
