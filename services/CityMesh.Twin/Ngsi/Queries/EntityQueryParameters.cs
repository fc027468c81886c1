using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Twin.Ngsi.Queries;

/// <summary>
/// The query parameters of <c>GET /entities</c>, all taken as text so that every malformed value is answered by
/// <see cref="EntityQueryReader"/> as NGSI-LD BadRequestData naming the parameter, never by the binder.
/// </summary>
public sealed record EntityQueryParameters
{
    [FromQuery(Name = "id"), Description("Comma-separated entity ids (URIs).")]
    public string? Id { get; init; }

    [FromQuery(Name = "type"), Description("Entity types, comma- or |-separated (any of).")]
    public string? Type { get; init; }

    [FromQuery(Name = "idPattern"), Description("A regular expression the entity id must match.")]
    public string? IdPattern { get; init; }

    [FromQuery(Name = "q"), Description("NGSI-LD query language filter, e.g. speed>50;status==\"open\".")]
    public string? Q { get; init; }

    [FromQuery(Name = "attrs"), Description("Comma-separated attributes to return.")]
    public string? Attrs { get; init; }

    [FromQuery(Name = "georel"), Description("near;maxDistance==m, near;minDistance==m, within, intersects, equals, disjoint, contains or overlaps.")]
    public string? Georel { get; init; }

    [FromQuery(Name = "geometry"), Description("GeoJSON geometry type of the reference shape, e.g. Point or Polygon.")]
    public string? Geometry { get; init; }

    [FromQuery(Name = "coordinates"), Description("GeoJSON coordinates of the reference shape, e.g. [8.5,47.3].")]
    public string? Coordinates { get; init; }

    [FromQuery(Name = "geoproperty"), Description("The GeoProperty to test; CityMesh entities have one, location.")]
    public string? Geoproperty { get; init; }

    [FromQuery(Name = "limit"), Description("Page size, 0 to 1000 (default 20; 0 only with count=true).")]
    public string? Limit { get; init; }

    [FromQuery(Name = "offset"), Description("Matches to skip, in id order.")]
    public string? Offset { get; init; }

    [FromQuery(Name = "count"), Description("true: the NGSILD-Results-Count header gives the number of matches.")]
    public string? Count { get; init; }

    [FromQuery(Name = "options"), Description("keyValues (simplified) and/or sysAttrs.")]
    public string? Options { get; init; }

    [FromQuery(Name = "format"), Description("normalized or simplified (keyValues).")]
    public string? Format { get; init; }
}
