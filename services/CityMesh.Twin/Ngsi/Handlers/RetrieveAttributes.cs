using System.ComponentModel;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Catalog;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>GET /attributes</c> (clause 6.27.3.1): an AttributeList <c>{id, type, attributeList}</c> of the attribute names
/// held; with <c>details=true</c> an array of Attribute <c>{id, type, attributeName, attributeTypes, typeNames}</c>.
/// </summary>
public static class RetrieveAttributes
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, NgsiAccess access,
        [FromQuery(Name = "details"), Description("true: each attribute with its kinds and the types that have it.")] string? details,
        CancellationToken ct)
    {
        var withDetails = CatalogParameters.Details(details);
        var answer = await CatalogAnswer.ReadAsync(http, tenants, access, null, ct);
        var attributes = AttributeEntry.Of(answer.Types);
        if (!withDetails)
        {
            return answer.Ok(w =>
            {
                answer.StartObject(w, CatalogAnswer.ListId("AttributeList"), "AttributeList");
                answer.WriteNames(w, "attributeList", attributes.Select(a => a.Name));
                w.WriteEndObject();
            });
        }
        return answer.Ok(w =>
        {
            w.WriteStartArray();
            foreach (var attribute in attributes)
            {
                answer.StartObject(w, CatalogAnswer.Iri(attribute.Name), "Attribute");
                w.WriteString("attributeName", answer.Name(attribute.Name));
                CatalogAnswer.WriteKinds(w, attribute.Kinds);
                answer.WriteNames(w, "typeNames", attribute.TypeNames);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }
}
