using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;

namespace CityMesh.Cli.Bench;

/// <summary>
/// A deterministic field of simple entities (a detector: Point, two dynamic properties) spread over a 40 km square
/// around Jinan, for benchmarks.
/// </summary>
public sealed class SyntheticCity(int seed = 7)
{
    public const double CentreLongitude = 117.02;
    public const double CentreLatitude = 36.66;
    public const double HalfSpanDegrees = 0.18; // ≈ 20 km north-south

    private readonly Random _random = new(seed);

    public static string IdOf(int i) => EntityIds.Create(EntityTypes.TrafficFlowObserved, "bench", i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture));

    public Entity Detector(int i, DateTimeOffset at) => new()
    {
        Id = IdOf(i),
        Type = EntityTypes.TrafficFlowObserved,
               Location = new Point(RandomPosition()),
        Properties = new Dictionary<string, Property>
        {
            ["intensity"] = new(TwinValue.Of(_random.Next(0, 1800)), "E50", at),
            ["averageVehicleSpeed"] = new(TwinValue.Of(20 + _random.NextDouble() * 40), "KMH", at),
        },
    };

    public Position RandomPosition() => new(
        CentreLongitude + (_random.NextDouble() * 2 - 1) * HalfSpanDegrees * 1.25,
        CentreLatitude + (_random.NextDouble() * 2 - 1) * HalfSpanDegrees);

    public int Next(int max) => _random.Next(max);
    public double NextDouble() => _random.NextDouble();

    /// <summary>A square polygon of the given side centred on a position.</summary>
    public static Polygon Square(Position centre, double sideMetres)
    {
        var dLat = sideMetres / 2 / GeoMath.MetresPerDegreeLatitude;
        var dLon = dLat / Math.Cos(centre.Latitude * Math.PI / 180);
        Position a = new(centre.Longitude - dLon, centre.Latitude - dLat), b = new(centre.Longitude + dLon, centre.Latitude - dLat);
        Position c = new(centre.Longitude + dLon, centre.Latitude + dLat), d = new(centre.Longitude - dLon, centre.Latitude + dLat);
        return new Polygon([[a, b, c, d, a]]);
    }
}
