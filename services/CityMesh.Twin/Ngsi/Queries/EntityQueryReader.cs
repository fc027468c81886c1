using System.Globalization;
using System.Text.RegularExpressions;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Limits;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Ngsi.Queries;

/// <summary>A parsed <c>GET /entities</c>: the store query, whether to count, and how to write the results.</summary>
public sealed record EntityQueryRequest(EntityQuery Query, bool Count, NgsiOptions Options);

/// <summary>Reads <see cref="EntityQueryParameters"/> into an <see cref="EntityQuery"/>, validating every parameter.</summary>
public static class EntityQueryReader
{
    private static readonly Dictionary<string, GeoRelation> Relations = new(StringComparer.Ordinal)
    {
        ["near"] = GeoRelation.Near,
        ["within"] = GeoRelation.Within,
        ["intersects"] = GeoRelation.Intersects,
        ["equals"] = GeoRelation.Equal,
        ["disjoint"] = GeoRelation.Disjoint,
        ["contains"] = GeoRelation.Contains,
        ["overlaps"] = GeoRelation.Overlaps,
    };

    /// <exception cref="NgsiProblemException">The first bad parameter, named in <c>field</c>.</exception>
    /// <exception cref="QueryParseException">q does not parse.</exception>
    /// <param name="limits">Gives the query its regular-expression time (<see cref="InputLimits.RegexTimePerRequest"/>).</param>
    public static EntityQueryRequest Read(EntityQueryParameters p, LdContext context, InputLimits limits)
    {
        var options = NgsiOptions.Parse(p.Options, p.Format, "keyValues", "simplified", "normalized", "sysAttrs");
        var count = ReadBool(p.Count, "count");
        var limit = ReadInt(p.Limit, "limit") ?? NgsiLimits.DefaultLimit;
        if (limit > NgsiLimits.MaxLimit)
            throw new NgsiProblemException(NgsiProblem.TooManyResults($"limit is at most {NgsiLimits.MaxLimit}; page with offset", "limit"));
        if (limit == 0 && !count) throw Bad("limit=0 asks for no entities; it is allowed only with count=true", "limit");
        var offset = ReadInt(p.Offset, "offset") ?? 0;

        var attrs = NameList.Attributes(p.Attrs, context);
        var query = new EntityQuery
        {
            Ids = ReadIds(p.Id),
            Types = ReadTypes(p.Type, context),
            IdPattern = ReadPattern(p.IdPattern),
            Q = WithAttrs(ReadQ(p.Q, context), attrs),
            Geo = ReadGeo(p),
            Attrs = attrs?.ToArray(),
            Limit = limit,
            Offset = offset,
            RegexTime = limits.RegexTimePerRequest,
        };
        return new EntityQueryRequest(query, count, options);
    }

    private static string[]? ReadIds(string? text)
    {
        var ids = NameList.Split(text, "id");
        if (ids is null) return null;
        foreach (var id in ids)
        {
            if (!EntityIdSyntax.IsValid(id)) throw Bad($"'{id}' is not an absolute URI", "id");
        }
        return ids;
    }

    private static string[]? ReadTypes(string? text, LdContext context)
    {
        if (text is not null && text.Contains(';'))
            throw new NgsiProblemException(NgsiProblem.OperationNotSupported("type conjunctions (;) are not supported; list alternatives with , or |", "type"));
        var types = NameList.Split(text?.Replace('|', ','), "type");
        if (types is null) return null;
        var stored = types.Select(context.ToStored).ToArray();
        for (var i = 0; i < stored.Length; i++)
        {
            if (!EntityTypes.IsValidName(stored[i])) throw Bad($"'{types[i]}' is not a valid type name", "type");
        }
        return stored;
    }

    internal static string? ReadPattern(string? pattern)
    {
        if (pattern is null) return null;
        QueryText.Check(pattern, "idPattern");
        if (pattern.Length is 0 or > 1024) throw Bad("must be a regular expression of 1 to 1024 characters", "idPattern");
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw Bad($"is not a valid regular expression: {e.Message}", "idPattern");
        }
        return pattern;
    }

    internal static QueryExpression? ReadQ(string? q, LdContext context)
    {
        if (q is null) return null;
        QueryText.Check(q, "q");
        var expression = QueryParser.Parse(q);
        return context.IsCityMesh ? expression : Rename(expression, context.ToStored);
    }

    /// <summary>
    /// NGSI-LD matches only entities that have at least one of <c>attrs</c>. Every entity has category and status, and
    /// q cannot test location, so a list naming any of those filters nothing.
    /// </summary>
    private static QueryExpression? WithAttrs(QueryExpression? q, IReadOnlySet<string>? attrs)
    {
        if (attrs is null || attrs.Overlaps(["category", "status", "location", "appearance"])) return q;
        QueryExpression any = attrs.Count == 1
            ? new ExistsTerm(new AttributePath(attrs.First()))
            : new OrExpression([.. attrs.Select(a => new ExistsTerm(new AttributePath(a)))]);
        return q is null ? any : new AndExpression([q, any]);
    }

    /// <summary>q names attributes as the client's context does; the store knows them by their CityMesh names.</summary>
    private static QueryExpression Rename(QueryExpression e, Func<string, string> name) => e switch
    {
        AndExpression and => new AndExpression([.. and.Terms.Select(t => Rename(t, name))]),
        OrExpression or => new OrExpression([.. or.Terms.Select(t => Rename(t, name))]),
        ExistsTerm exists => exists with { Path = exists.Path with { Attribute = name(exists.Path.Attribute) } },
        ComparisonTerm term => term with { Path = term.Path with { Attribute = name(term.Path.Attribute) } },
        _ => e,
    };

    internal static GeoQuery? ReadGeo(EntityQueryParameters p)
    {
        if (p.Georel is null && p.Geometry is null && p.Coordinates is null)
        {
            if (p.Geoproperty is not null) throw Bad("geoproperty needs georel, geometry and coordinates", "geoproperty");
            return null;
        }
        if (p.Georel is null) throw Bad("is required with geometry and coordinates", "georel");
        if (p.Geometry is null) throw Bad("is required with georel", "geometry");
        if (p.Coordinates is null) throw Bad("is required with georel", "coordinates");
        if (p.Geoproperty is not (null or "location"))
            throw Bad($"'{p.Geoproperty}' is not a GeoProperty of CityMesh entities; they have one, location", "geoproperty");

        var parts = p.Georel.Split(';', StringSplitOptions.TrimEntries);
        var relation = parts[0];
        if (!Relations.TryGetValue(relation, out var georel))
            throw Bad($"'{relation}' is not a georel; use {string.Join(", ", Relations.Keys)}", "georel");

        var geometry = GeoJson.FromCoordinates(p.Geometry, p.Coordinates);
        switch (relation)
        {
            case "near":
                if (geometry is not Point) throw Bad("near needs geometry=Point", "geometry");
                double? max = null, min = null;
                foreach (var modifier in parts.Skip(1))
                {
                    var eq = modifier.IndexOf("==", StringComparison.Ordinal);
                    var key = eq < 0 ? modifier : modifier[..eq];
                    if (eq < 0 || !double.TryParse(modifier[(eq + 2)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var metres)
                        || !double.IsFinite(metres) || metres < 0)
                        throw Bad($"'{modifier}' is not a distance; write near;maxDistance==<metres>", "georel");
                    if (key == "maxDistance") max = metres;
                    else if (key == "minDistance") min = metres;
                    else throw Bad($"'{key}' is not a near modifier; use maxDistance or minDistance", "georel");
                }
                if (max is null && min is null) throw Bad("near needs maxDistance==<metres> or minDistance==<metres>", "georel");
                return new GeoQuery(GeoRelation.Near, geometry, max, min);
            case "within":
                if (parts.Length > 1) throw Bad("within takes no modifiers", "georel");
                if (geometry is not (Polygon or MultiPolygon)) throw Bad("within needs geometry=Polygon or MultiPolygon", "geometry");
                return new GeoQuery(GeoRelation.Within, geometry);
            default:
                if (parts.Length > 1) throw Bad($"{relation} takes no modifiers", "georel");
                return new GeoQuery(georel, geometry);
        }
    }

    internal static int? ReadInt(string? text, string field)
    {
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw Bad($"'{text}' is not a non-negative integer", field);
        return value;
    }

    internal static bool ReadBool(string? text, string field) => text switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw Bad($"'{text}' is not true or false", field),
    };

    private static NgsiProblemException Bad(string reason, string field) => new(NgsiProblem.BadRequestData($"{field}: {reason}", field));
}
