namespace CityMesh.Simulation.Terrain;

/// <summary>
/// The coordinate reference system a grid's coordinates are in, as the file gave it: an EPSG code where one could be
/// read, and the text it came from (a <c>.prj</c>'s WKT or PROJ string). CityMesh keeps no projection database here, so
/// nothing is reprojected: a grid is used in its own CRS, and <see cref="IsGeographic"/> warns that its cell size is in
/// degrees rather than metres (a flood model needs a projected grid; reproject first, e.g. <c>gdalwarp -t_srs</c>).
/// </summary>
public sealed record CoordinateReferenceSystem(int? Epsg, string? Definition, bool IsGeographic = false)
{
    /// <summary>No CRS was given (no <c>.prj</c>, no GeoKeys): coordinates are metres on some plane nobody named.</summary>
    public static readonly CoordinateReferenceSystem Unknown = new(null, null);

    public static CoordinateReferenceSystem FromEpsg(int code, bool isGeographic = false) => new(code, null, isGeographic);

    public bool IsKnown => Epsg is not null || !string.IsNullOrWhiteSpace(Definition);

    public override string ToString() => Epsg is { } code ? $"EPSG:{code}" : Definition ?? "unknown";
}
