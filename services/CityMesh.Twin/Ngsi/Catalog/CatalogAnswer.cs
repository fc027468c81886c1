using System.Text.Json;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Catalog;

/// <summary>
/// What the <c>/types</c> and <c>/attributes</c> endpoints share: the store's catalog read for the caller, names
/// compacted with the request's context, IRIs expanded with ours, and each answer object opened with <c>@context</c>
/// when the client asked for application/ld+json.
/// </summary>
public sealed class CatalogAnswer
{
    private CatalogAnswer(NgsiResponseShape shape, IReadOnlyList<TypeSummary> types)
    {
        Shape = shape;
        Types = types;
    }

    public NgsiResponseShape Shape { get; }

    /// <summary>The types held, in ordinal order of their stored names.</summary>
    public IReadOnlyList<TypeSummary> Types { get; }

    /// <param name="type">The one type to describe, as the client names it; null for all.</param>
    /// <exception cref="NgsiProblemException">401 for a caller who may not read the types asked for; 406; Link errors.</exception>
    public static async Task<CatalogAnswer> ReadAsync(HttpContext http, TwinTenants tenants, NgsiAccess access, string? type, CancellationToken ct)
    {
        var shape = NgsiResponseShape.Of(http.Request);
        var stored = type is null ? null : StoredName(type, shape.Context, "type");
        if (access.ReadRefusal(http.User, stored is null ? null : [stored]) is { } refused) throw new NgsiProblemException(refused);
        return new CatalogAnswer(shape, await tenants.For(http).Store.DescribeTypesAsync(stored, ct));
    }

    /// <summary>A type or attribute named in a path, as a term of the client's context or an IRI, as the store keeps it.</summary>
    public static string StoredName(string name, LdContext context, string field)
    {
        // Kestrel leaves %2F escaped in a path segment (see EntityRoute.Id): an IRI's slashes arrive so.
        var unescaped = name.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        Queries.QueryText.Check(unescaped, field);
        // Expanded and compacted even with our own context, so that a full IRI finds the term it stands for.
        return LdContext.CityMesh.Compact(context.Expand(unescaped));
    }

    /// <summary>The name as the client's context writes it.</summary>
    public string Name(string stored) => Shape.Context.FromStored(stored);

    /// <summary>The full IRI of a stored name.</summary>
    public static string Iri(string stored) => LdContext.CityMesh.Expand(stored);

    /// <summary>A list's own id: NGSI-LD gives each answer of a list a fresh URN.</summary>
    public static string ListId(string listType) => $"urn:ngsi-ld:{listType}:{Guid.NewGuid():N}";

    /// <summary>Opens an answer object with its <c>id</c>, <c>type</c> and, for application/ld+json, <c>@context</c>.</summary>
    public void StartObject(Utf8JsonWriter w, string id, string type)
    {
        w.WriteStartObject();
        if (Shape.MediaType == NgsiMediaType.JsonLd) w.WriteString("@context", Shape.ContextUrl);
        w.WriteString("id", id);
        w.WriteString("type", type);
    }

    public static void WriteKinds(Utf8JsonWriter w, IEnumerable<AttributeKind> kinds)
    {
        w.WriteStartArray("attributeTypes");
        foreach (var kind in kinds.Distinct().Order()) w.WriteStringValue(kind.ToString());
        w.WriteEndArray();
    }

    public void WriteNames(Utf8JsonWriter w, string property, IEnumerable<string> stored)
    {
        w.WriteStartArray(property);
        foreach (var name in stored.Distinct(StringComparer.Ordinal)) w.WriteStringValue(Name(name));
        w.WriteEndArray();
    }

    public IResult Ok(Action<Utf8JsonWriter> write) => new NgsiJsonResult(StatusCodes.Status200OK, write, Shape);
}
