using System.Globalization;
using System.Text.RegularExpressions;

namespace CityMesh.Simulation.Terrain;

/// <summary>
/// The <c>.prj</c> beside a grid file: its text is kept as the CRS's definition, and an EPSG code is taken from it
/// where the text states one for the whole CRS: <c>EPSG:32633</c> (what <see cref="EsriAsciiGridWriter"/> writes when
/// it knows only a code), PROJ's <c>+init=epsg:32633</c>, or WKT whose outermost element ends with
/// <c>AUTHORITY["EPSG","32633"]</c> (WKT1) or <c>ID["EPSG",32633]</c> (WKT2). ESRI's own WKT names no authority, so
/// its CRS is kept as text with no code.
/// </summary>
public static partial class PrjFile
{
    public static string PathBeside(string gridPath) => Path.ChangeExtension(gridPath, ".prj");

    /// <summary>The CRS in the <c>.prj</c> beside <paramref name="gridPath"/>; <see cref="CoordinateReferenceSystem.Unknown"/> without one.</summary>
    public static CoordinateReferenceSystem ReadBeside(string gridPath)
    {
        var prj = PathBeside(gridPath);
        if (!File.Exists(prj)) return CoordinateReferenceSystem.Unknown;
        var text = File.ReadAllText(prj).Trim();
        return text.Length == 0 ? CoordinateReferenceSystem.Unknown : Parse(text);
    }

    public static CoordinateReferenceSystem Parse(string text)
    {
        var code = Epsg(text);
        return new CoordinateReferenceSystem(code, text, IsGeographic(text));
    }

    /// <summary>What a <c>.prj</c> holds for <paramref name="crs"/>, or null when there is nothing to write.</summary>
    public static string? Format(CoordinateReferenceSystem crs) =>
        !string.IsNullOrWhiteSpace(crs.Definition) ? crs.Definition
        : crs.Epsg is { } code ? $"EPSG:{code.ToString(CultureInfo.InvariantCulture)}"
        : null;

    private static int? Epsg(string text)
    {
        foreach (var pattern in new[] { WholeCode(), ProjInit(), Wkt1RootAuthority(), Wkt2RootId() })
        {
            var match = pattern.Match(text);
            if (match.Success && int.TryParse(match.Groups["code"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code > 0)
                return code;
        }
        return null;
    }

    /// <summary>WKT whose root is a geographic CRS, or PROJ's longlat: its cells are in degrees. A bare EPSG code says
    /// nothing here (no database to look it up in).</summary>
    private static bool IsGeographic(string text)
    {
        var root = text.TrimStart();
        return root.StartsWith("GEOGCS[", StringComparison.OrdinalIgnoreCase) || root.StartsWith("GEOGCRS[", StringComparison.OrdinalIgnoreCase)
            || root.StartsWith("GEODCRS[", StringComparison.OrdinalIgnoreCase) || text.Contains("+proj=longlat", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^\s*EPSG:(?<code>\d{1,9})\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex WholeCode();

    [GeneratedRegex(@"\+init=epsg:(?<code>\d{1,9})\b", RegexOptions.IgnoreCase)]
    private static partial Regex ProjInit();

    // The root's AUTHORITY is the last element before the root's closing bracket.
    [GeneratedRegex(@"AUTHORITY\[\s*""EPSG""\s*,\s*""?(?<code>\d{1,9})""?\s*\]\s*\]\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Wkt1RootAuthority();

    [GeneratedRegex(@"ID\[\s*""EPSG""\s*,\s*""?(?<code>\d{1,9})""?[^\[\]]*\]\s*\]\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Wkt2RootId();
}
