using System.Globalization;
using CityMesh.Contracts.Geo;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace CityMesh.Simulation.Geo;

/// <summary>
/// A plane in a UTM zone on WGS84, shifted by an offset as SUMO shifts its networks: a point (x, y) of the plane lies
/// at easting x − offset.x, northing y − offset.y. ProjNET does the transverse Mercator projection.
/// </summary>
public sealed class UtmGeoreference : IGeoreference
{
    private readonly MathTransform _toWgs84;
    private readonly MathTransform _toUtm;
    private readonly double _offsetX;
    private readonly double _offsetY;

    public UtmGeoreference(int zone, bool north, double offsetX = 0, double offsetY = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(zone, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(zone, 60);
        Zone = zone;
        North = north;
        (_offsetX, _offsetY) = (offsetX, offsetY);
        var transform = new CoordinateTransformationFactory().CreateFromCoordinateSystems(
            GeographicCoordinateSystem.WGS84, ProjectedCoordinateSystem.WGS84_UTM(zone, north));
        _toUtm = transform.MathTransform;
        _toWgs84 = transform.MathTransform.Inverse();
    }

    public int Zone { get; }

    public bool North { get; }

    public Position ToWgs84(double x, double y)
    {
        var (longitude, latitude) = _toWgs84.Transform(x - _offsetX, y - _offsetY);
        return new Position(longitude, latitude);
    }

    public (double X, double Y) ToPlane(Position position)
    {
        var (easting, northing) = _toUtm.Transform(position.Longitude, position.Latitude);
        return (easting + _offsetX, northing + _offsetY);
    }

    /// <summary>
    /// The UTM zone a PROJ string names: <c>+proj=utm +zone=N</c>, <c>+south</c> for the southern hemisphere, on WGS84
    /// (<c>+ellps=WGS84</c> or <c>+datum=WGS84</c>, either may be left out) in metres. <c>+no_defs</c> and
    /// <c>+type=crs</c> change nothing. Anything else (another projection, ellipsoid or datum, a datum shift, other
    /// units) is refused: placing the network on it as if it were UTM on WGS84 would put it in the wrong place.
    /// </summary>
    /// <exception cref="FormatException">The string names something else; the message says what.</exception>
    public static UtmGeoreference FromProj(string proj, double offsetX = 0, double offsetY = 0)
    {
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var token in proj.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!token.StartsWith('+') || token.Length == 1) throw new FormatException($"'{token}' is not a PROJ parameter (+name or +name=value)");
            var equals = token.IndexOf('=');
            var name = equals < 0 ? token[1..] : token[1..equals];
            if (!parameters.TryAdd(name, equals < 0 ? null : token[(equals + 1)..])) throw new FormatException($"+{name} is given twice");
        }
        if (!parameters.TryGetValue("proj", out var projection)) throw new FormatException("it names no projection (+proj)");
        if (projection != "utm") throw new FormatException($"+proj={projection} is not UTM; CityMesh places networks projected in UTM (+proj=utm) or not projected ('!')");
        if (!parameters.TryGetValue("zone", out var zoneText) || !int.TryParse(zoneText, NumberStyles.None, CultureInfo.InvariantCulture, out var zone) || zone is < 1 or > 60)
            throw new FormatException($"+zone={zoneText} is not a UTM zone (1 to 60)");
        foreach (var (name, value) in parameters)
        {
            var accepted = name switch
            {
                "proj" or "zone" => true,
                "south" or "no_defs" => value is null,
                "ellps" or "datum" => value == "WGS84",
                "units" => value == "m",
                "type" => value == "crs",
                _ => false,
            };
            if (!accepted)
                throw new FormatException(value is null
                    ? $"+{name} is not a parameter CityMesh can honour (UTM on WGS84 takes +zone, +south, +ellps=WGS84, +datum=WGS84, +units=m, +no_defs)"
                    : $"+{name}={value} is not a parameter CityMesh can honour (UTM on WGS84 takes +zone, +south, +ellps=WGS84, +datum=WGS84, +units=m, +no_defs)");
        }
        return new UtmGeoreference(zone, !parameters.ContainsKey("south"), offsetX, offsetY);
    }
}
