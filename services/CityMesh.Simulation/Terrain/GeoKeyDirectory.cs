namespace CityMesh.Simulation.Terrain;

/// <summary>
/// The GeoKeys of a GeoTIFF (OGC GeoTIFF 1.1, clause 7.1.3): the GeoKeyDirectoryTag holds a header of four shorts
/// (KeyDirectoryVersion, KeyRevision, MinorRevision, NumberOfKeys) and then four shorts a key (KeyID, TIFFTagLocation,
/// Count, ValueOffset). Only keys whose value is a short stored in the directory itself (TIFFTagLocation 0) are read:
/// the codes this reader needs are all of that kind.
/// </summary>
public sealed record GeoKeyDirectory(IReadOnlyDictionary<int, int> ShortKeys)
{
    public const int GTModelTypeGeoKey = 1024;
    public const int GTRasterTypeGeoKey = 1025;
    public const int GeographicTypeGeoKey = 2048;
    public const int ProjectedCSTypeGeoKey = 3072;

    /// <summary>GTModelTypeGeoKey's values.</summary>
    public const int ModelTypeProjected = 1, ModelTypeGeographic = 2;

    /// <summary>GTRasterTypeGeoKey's RasterPixelIsPoint: a tiepoint names a pixel's centre, not its corner.</summary>
    public const int RasterPixelIsPoint = 2;

    /// <summary>A code of 32767 means "user-defined" (the CRS is spelt out in other keys); 0 and below are not codes.</summary>
    private const int UserDefined = 32767;

    public static readonly GeoKeyDirectory Empty = new(new Dictionary<int, int>());

    /// <summary>Parses the tag's shorts; a directory shorter than its header says is refused naming the tag.</summary>
    public static GeoKeyDirectory Parse(ushort[] directory, string file)
    {
        if (directory.Length < 4) throw new TerrainFormatException(file, null, $"GeoKeyDirectoryTag (34735) has {directory.Length} values, fewer than its 4-value header");
        int count = directory[3];
        if (directory.Length < 4 + 4 * count)
            throw new TerrainFormatException(file, null, $"GeoKeyDirectoryTag (34735) announces {count} keys but holds only {(directory.Length - 4) / 4}");
        var keys = new Dictionary<int, int>();
        for (int k = 0; k < count; k++)
        {
            int at = 4 + 4 * k;
            if (directory[at + 1] == 0) keys[directory[at]] = directory[at + 3];
        }
        return new GeoKeyDirectory(keys);
    }

    public int? this[int key] => ShortKeys.TryGetValue(key, out var v) ? v : null;

    /// <summary>The CRS the keys name: the projected CRS's EPSG code if there is one, else the geographic CRS's.</summary>
    public CoordinateReferenceSystem Crs()
    {
        bool geographicModel = this[GTModelTypeGeoKey] == ModelTypeGeographic;
        if (IsCode(this[ProjectedCSTypeGeoKey]) && !geographicModel) return CoordinateReferenceSystem.FromEpsg(this[ProjectedCSTypeGeoKey]!.Value);
        if (IsCode(this[GeographicTypeGeoKey]) && this[GTModelTypeGeoKey] is null or ModelTypeGeographic)
            return CoordinateReferenceSystem.FromEpsg(this[GeographicTypeGeoKey]!.Value, isGeographic: true);
        return geographicModel ? new CoordinateReferenceSystem(null, null, IsGeographic: true) : CoordinateReferenceSystem.Unknown;
    }

    private static bool IsCode(int? value) => value is > 0 and < UserDefined;
}
