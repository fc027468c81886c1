using CityMesh.Simulation.Solar;

namespace CityMesh.Simulation.Tests.Solar;

/// <summary>Small cities for the solar tests, in metres east and north of an origin.</summary>
internal static class SolarCities
{
    /// <summary>Helsinki, the atlas' city; UTC+2 standard time.</summary>
    public const double Latitude = 60.17, Longitude = 24.94;

    public static readonly TimeSpan UtcOffset = TimeSpan.FromHours(2);

    /// <summary>
    /// A tall block (60 m wide, 12 m deep, 40 m high) with three low flat roofs (10 × 10 m, 6 m) in a row 4 m north of
    /// it, one 4 m south of it, and one 500 m away on its own.
    /// </summary>
    public static RoofFootprint[] TowerAndHouses() =>
    [
        RoofFootprint.Box("tower", 0, 0, 60, 12, 40),
        RoofFootprint.Box("north-west", 5, 16, 10, 10, 6),
        RoofFootprint.Box("north", 25, 16, 10, 10, 6),
        RoofFootprint.Box("north-east", 45, 16, 10, 10, 6),
        RoofFootprint.Box("south", 25, -14, 10, 10, 6),
        RoofFootprint.Box("alone", 500, 500, 10, 10, 6),
    ];

    /// <summary>
    /// A seeded grid of <paramref name="side"/> × <paramref name="side"/> blocks, 25 m apart: rectangles and L-shapes of
    /// 6–40 m, flat and pitched (some with a given pitch, some default), turned at seeded angles.
    /// </summary>
    public static RoofFootprint[] Grid(int side, int seed)
    {
        var random = new Random(seed);
        var list = new List<RoofFootprint>();
        for (int row = 0; row < side; row++)
            for (int column = 0; column < side; column++)
            {
                double cx = column * 25.0, cy = row * 25.0, w = 8 + random.NextDouble() * 10, d = 6 + random.NextDouble() * 8;
                double angle = random.NextDouble() * Math.PI, height = 4 + random.NextDouble() * 36;
                (double, double)[] shape = random.Next(4) == 0
                    ? [(-w / 2, -d / 2), (w / 2, -d / 2), (w / 2, 0), (0, 0), (0, d / 2), (-w / 2, d / 2)] // an L
                    : [(-w / 2, -d / 2), (w / 2, -d / 2), (w / 2, d / 2), (-w / 2, d / 2)];
                double[] x = shape.Select(p => cx + p.Item1 * Math.Cos(angle) - p.Item2 * Math.Sin(angle)).ToArray();
                double[] y = shape.Select(p => cy + p.Item1 * Math.Sin(angle) + p.Item2 * Math.Cos(angle)).ToArray();
                var kind = random.Next(3) == 0 ? RoofKind.Pitched : RoofKind.Flat;
                double? pitch = kind == RoofKind.Pitched && random.Next(2) == 0 ? 20 + random.NextDouble() * 25 : null;
                list.Add(new RoofFootprint($"b{row}-{column}", x, y, height, kind, pitch));
            }
        return [.. list];
    }
}
