namespace CityMesh.Simulation.Terrain;

/// <summary>
/// A terrain file that cannot be read as an elevation grid. The message names the file, the line where there is one
/// (ASCII grids), the field or tag at fault and what was found, so a person can fix the file without a debugger.
/// </summary>
public sealed class TerrainFormatException : Exception
{
    public TerrainFormatException(string file, int? line, string problem, Exception? inner = null)
        : base(line is { } l ? $"{file}: line {l}: {problem}" : $"{file}: {problem}", inner)
    {
        File = file;
        Line = line;
    }

    public string File { get; }

    /// <summary>1-based line of a text file, or null where the format has no lines (GeoTIFF).</summary>
    public int? Line { get; }
}
