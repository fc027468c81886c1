using BitMiracle.LibTiff.Classic;

namespace CityMesh.Simulation.Terrain;

/// <summary>
/// Teaches LibTiff.NET the GeoTIFF tags (OGC GeoTIFF 1.1: ModelPixelScale 33550, ModelTiepoint 33922,
/// ModelTransformation 34264, GeoKeyDirectory 34735, GeoDoubleParams 34736, GeoAsciiParams 34737) and GDAL's
/// GDAL_NODATA 42113. LibTiff.NET names these tags but has no field information for them, so without this it can
/// neither write them nor hand them back typed. Its tag extender is process-wide; ours chains to whatever was there
/// before, and is installed once.
/// </summary>
public static class GeoTiffTags
{
    private static readonly TiffFieldInfo[] Fields =
    [
        new(TiffTag.GEOTIFF_MODELPIXELSCALETAG, TiffFieldInfo.Variable, TiffFieldInfo.Variable, TiffType.DOUBLE, FieldBit.Custom, true, true, "ModelPixelScaleTag"),
        new(TiffTag.GEOTIFF_MODELTIEPOINTTAG, TiffFieldInfo.Variable, TiffFieldInfo.Variable, TiffType.DOUBLE, FieldBit.Custom, true, true, "ModelTiepointTag"),
        new(TiffTag.GEOTIFF_MODELTRANSFORMATIONTAG, TiffFieldInfo.Variable, TiffFieldInfo.Variable, TiffType.DOUBLE, FieldBit.Custom, true, true, "ModelTransformationTag"),
        new(TiffTag.GEOTIFF_GEOKEYDIRECTORYTAG, TiffFieldInfo.Variable, TiffFieldInfo.Variable, TiffType.SHORT, FieldBit.Custom, true, true, "GeoKeyDirectoryTag"),
        new(TiffTag.GEOTIFF_GEODOUBLEPARAMSTAG, TiffFieldInfo.Variable, TiffFieldInfo.Variable, TiffType.DOUBLE, FieldBit.Custom, true, true, "GeoDoubleParamsTag"),
        new(TiffTag.GEOTIFF_GEOASCIIPARAMSTAG, TiffFieldInfo.Variable, TiffFieldInfo.Variable, TiffType.ASCII, FieldBit.Custom, true, false, "GeoAsciiParamsTag"),
        new(TiffTag.GDAL_NODATA, TiffFieldInfo.Variable, TiffFieldInfo.Variable, TiffType.ASCII, FieldBit.Custom, true, false, "GDAL_NODATA"),
    ];

    private static readonly Lock Gate = new();
    private static bool _installed;
    private static Tiff.TiffExtendProc? _parent;

    /// <summary>Installs the extender and the quiet error handler (<see cref="TiffMessages"/>); later calls do nothing.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_installed) return;
            _parent = Tiff.SetTagExtender(Extend);
            Tiff.SetErrorHandler(new TiffMessages());
            _installed = true;
        }
    }

    private static void Extend(Tiff tiff)
    {
        tiff.MergeFieldInfo(Fields, Fields.Length);
        _parent?.Invoke(tiff);
    }
}

/// <summary>
/// LibTiff.NET's error handler is process-wide and by default prints to standard error. This one keeps the last error
/// of the calling thread instead, so a reader can put LibTiff's own reason into the exception it throws, and drops
/// warnings (a GeoTIFF's private tags and the like), which are not failures.
/// </summary>
internal sealed class TiffMessages : TiffErrorHandler
{
    [ThreadStatic] private static string? _lastError;

    /// <summary>The last error LibTiff reported on this thread since <see cref="Clear"/>, or null.</summary>
    public static string? LastError => _lastError;

    public static void Clear() => _lastError = null;

    public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) =>
        _lastError = $"{method}: {string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args)}";

    public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) { }

    public override void WarningHandler(Tiff tif, string method, string format, params object[] args) { }

    public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) { }
}
