using System.Globalization;
using System.Text.Json;
using CityMesh.Limits;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Ngsi.Queries;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>POST /entityOperations/query</c> (5.7.2 by POST): the query of <c>GET /entities</c> given as an NGSI-LD Query
/// body (<c>{"type": "Query", "entities": [...], "attrs": [...], "q": ..., "geoQ": {...}}</c>), for queries too long
/// for a URL. Paging, count, options and format stay in the URL. Answered exactly as <c>GET /entities</c>, with the
/// names compacted with the body's context.
/// </summary>
public static class QueryEntitiesByPost
{
    /// <summary>Members of the Query data type CityMesh does not evaluate: refused rather than ignored.</summary>
    private static readonly string[] NotSupported = ["temporalQ", "scopeQ", "csf", "lang", "pick", "omit", "local", "expandValues", "join", "joinLevel", "containedBy", "dataset", "entityMap"];

    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, NgsiAccess access, InputLimits limits,
        [AsParameters] EntityQueryParameters url, CancellationToken ct)
    {
        using var body = await NgsiRequestBody.ReadAsync(http.Request, limits.EntityBodyBytes, limits, ct);
        var context = body.ContextOf(body.Root);
        var parameters = FromBody(body.Root, url);
        var shape = new NgsiResponseShape(NgsiMediaTypes.Negotiate(http.Request), context, context.Url ?? CityMeshContext.UrlFor(http.Request));
        return await QueryEntities.AnswerAsync(tenants.For(http).Store, access, limits, http.User, parameters, shape, ct);
    }

    /// <summary>The URL's paging and options with the body's selection.</summary>
    /// <exception cref="NgsiProblemException">BadRequestData naming the member; OperationNotSupported for members not evaluated.</exception>
    internal static EntityQueryParameters FromBody(JsonElement query, EntityQueryParameters url)
    {
        if (query.ValueKind != JsonValueKind.Object)
            throw new NgsiProblemException(NgsiProblem.InvalidRequest("the request body must be a JSON object: an NGSI-LD Query"));
        if (!query.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Query")
            throw Bad("must be \"Query\"", "type");
        foreach (var member in NotSupported)
        {
            if (query.TryGetProperty(member, out _))
                throw new NgsiProblemException(NgsiProblem.OperationNotSupported($"{member} is not supported by CityMesh's query", member));
        }
        var selection = Selectors(query);
        var geo = query.TryGetProperty("geoQ", out var geoQ) ? GeoQuery(geoQ) : default;
        return url with
        {
            Id = selection.Ids,
            Type = selection.Types,
            IdPattern = selection.IdPattern,
            Attrs = query.TryGetProperty("attrs", out var attrs) ? Names(attrs, "attrs") : null,
            Q = query.TryGetProperty("q", out var q) ? Text(q, "q") : null,
            Georel = geo.Georel,
            Geometry = geo.Geometry,
            Coordinates = geo.Coordinates,
            Geoproperty = geo.Geoproperty,
        };
    }

    private readonly record struct Selection(string? Ids, string? Types, string? IdPattern);

    /// <summary>
    /// The entity selectors as one id list, type list and pattern. Selectors are alternatives: several are taken
    /// when that is exact (all name the same type and each an id; or none names an id or pattern), else refused.
    /// </summary>
    private static Selection Selectors(JsonElement query)
    {
        if (!query.TryGetProperty("entities", out var entities)) return default;
        if (entities.ValueKind != JsonValueKind.Array || entities.GetArrayLength() == 0) throw Bad("must be a non-empty array of entity selectors", "entities");
        var selectors = new List<(string? Id, string? IdPattern, string Type)>();
        var index = 0;
        foreach (var selector in entities.EnumerateArray())
        {
            var field = $"entities[{index++}]";
            if (selector.ValueKind != JsonValueKind.Object) throw Bad("must be an object with type and an optional id or idPattern", field);
            if (!selector.TryGetProperty("type", out var type)) throw Bad("an entity selector needs a type", $"{field}.type");
            var id = selector.TryGetProperty("id", out var i) ? Text(i, $"{field}.id") : null;
            if (id is not null && !EntityIdSyntax.IsValid(id)) throw Bad($"'{id}' is not an absolute URI", $"{field}.id");
            var pattern = selector.TryGetProperty("idPattern", out var p) ? Text(p, $"{field}.idPattern") : null;
            if (id is not null && pattern is not null) throw Bad("give id or idPattern, not both", field);
            selectors.Add((id, pattern, Text(type, $"{field}.type")));
        }
        if (selectors.Count == 1) return new(selectors[0].Id, selectors[0].Type, selectors[0].IdPattern);
        if (selectors.All(s => s.Id is not null) && selectors.All(s => s.Type == selectors[0].Type))
            return new(string.Join(',', selectors.Select(s => s.Id)), selectors[0].Type, null);
        if (selectors.All(s => s.Id is null && s.IdPattern is null))
            return new(null, string.Join(',', selectors.Select(s => s.Type)), null);
        throw new NgsiProblemException(NgsiProblem.OperationNotSupported(
            "several entity selectors are supported when all name the same type and each an id, or none names an id or idPattern; send one query per selector",
            "entities"));
    }

    private readonly record struct Geo(string? Georel, string? Geometry, string? Coordinates, string? Geoproperty);

    private static Geo GeoQuery(JsonElement geoQ)
    {
        if (geoQ.ValueKind != JsonValueKind.Object) throw Bad("must be an object with geometry, coordinates and georel", "geoQ");
        string Required(string member) =>
            geoQ.TryGetProperty(member, out var value) ? Text(value, $"geoQ.{member}") : throw Bad("is required", $"geoQ.{member}");
        if (!geoQ.TryGetProperty("coordinates", out var coordinates)) throw Bad("is required", "geoQ.coordinates");
        return new(
            Required("georel"),
            Required("geometry"),
            coordinates.ValueKind == JsonValueKind.String ? coordinates.GetString() : coordinates.ValueKind == JsonValueKind.Array
                ? coordinates.GetRawText() : throw Bad("must be a GeoJSON coordinates array", "geoQ.coordinates"),
            geoQ.TryGetProperty("geoproperty", out var geoproperty) ? Text(geoproperty, "geoQ.geoproperty") : null);
    }

    /// <summary>A list of names: a JSON array of strings (or one comma-separated string), as the URL's comma list.</summary>
    private static string Names(JsonElement names, string field)
    {
        if (names.ValueKind == JsonValueKind.String) return names.GetString()!;
        if (names.ValueKind != JsonValueKind.Array) throw Bad("must be an array of attribute names", field);
        var index = 0;
        // Joined as the URL's comma list: a name holding a comma would silently become two.
        return string.Join(',', names.EnumerateArray().Select(n =>
        {
            var item = string.Create(CultureInfo.InvariantCulture, $"{field}[{index++}]");
            var name = Text(n, item);
            return name.Contains(',') ? throw Bad("a name may not contain ','", item) : name;
        }));
    }

    private static string Text(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : throw Bad("must be a non-empty string", field);

    private static NgsiProblemException Bad(string detail, string field) => new(NgsiProblem.BadRequestData($"{field}: {detail}", field));
}
