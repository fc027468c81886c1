using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Catalog;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>GET /attributes/{attrId}</c> (clause 6.28.3.1): an Attribute <c>{id, type, attributeName, attributeCount,
/// attributeTypes, typeNames}</c>, attributeCount being how many entities have it; 404 when none has.
/// </summary>
public static class RetrieveAttribute
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, NgsiAccess access, string attrId, CancellationToken ct)
    {
        var answer = await CatalogAnswer.ReadAsync(http, tenants, access, null, ct);
        var stored = CatalogAnswer.StoredName(attrId, answer.Shape.Context, "attrId");
        if (AttributeEntry.Of(answer.Types).FirstOrDefault(a => a.Name == stored) is not { } attribute)
            return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity has attribute '{attrId}'"));
        return answer.Ok(w =>
        {
            answer.StartObject(w, CatalogAnswer.Iri(attribute.Name), "Attribute");
            w.WriteString("attributeName", answer.Name(attribute.Name));
            w.WriteNumber("attributeCount", attribute.Count);
            CatalogAnswer.WriteKinds(w, attribute.Kinds);
            answer.WriteNames(w, "typeNames", attribute.TypeNames);
            w.WriteEndObject();
        });
    }
}
