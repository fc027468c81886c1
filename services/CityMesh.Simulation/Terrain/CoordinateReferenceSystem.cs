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

/// <summary>Where a grid's CRS can be placed against WGS84 positions (the twin's): UTM zones on WGS84 only.</summary>
public static partial class GridGeoreference
{
    /// <summary>
    /// The UTM zone of <paramref name="crs"/>: EPSG 32601–32660 (north) and 32701–32760 (south), a PROJ string
    /// <c>+proj=utm +zone=N [+south]</c> on WGS84, or WKT named "WGS 84 / UTM zone 50N" (EPSG's) or "WGS_1984_UTM_Zone_50N"
    /// (ESRI's). Null for anything else: without a projection database no other CRS is placed.
    /// </summary>
    public static Geo.UtmGeoreference? Utm(CoordinateReferenceSystem crs)
    {
        if (crs.Epsg is >= 32601 and <= 32660) return new Geo.UtmGeoreference(crs.Epsg.Value - 32600, north: true);
        if (crs.Epsg is >= 32701 and <= 32760) return new Geo.UtmGeoreference(crs.Epsg.Value - 32700, north: false);
        if (crs.Definition is not { } text) return null;
        if (text.Contains("+proj=utm", StringComparison.OrdinalIgnoreCase))
        {
            try { return Geo.UtmGeoreference.FromProj(text.Trim()); }
            catch (FormatException) { return null; }
        }
        var named = UtmName().Match(text);
        return named.Success ? new Geo.UtmGeoreference(int.Parse(named.Groups["zone"].Value, System.Globalization.CultureInfo.InvariantCulture),
            north: named.Groups["hemisphere"].Value.Equals("N", StringComparison.OrdinalIgnoreCase)) : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*PROJCS\[\s*""WGS[ _]?(?:19)?84[ _/]+UTM[ _]zone[ _](?<zone>[1-9]|[1-5]\d|60)(?<hemisphere>[NS])""",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex UtmName();
}
