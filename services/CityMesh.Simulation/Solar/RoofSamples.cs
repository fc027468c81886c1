using CityMesh.Simulation.Solar.Irradiance;

namespace CityMesh.Simulation.Solar;

/// <summary>
/// The points on each roof where the sun is followed, with the roof plane there, as structure-of-arrays. A roof is
/// framed by its footprint's long axis (the direction of its longest edge: a rectangle's long side, and the ridge of a
/// gable); the points sit at the quarter points of that frame's box (and, on a flat roof, its centre), kept where
/// they fall inside the footprint. A flat roof's plane is horizontal; a pitched roof's points on either side of the
/// ridge lie on a plane of its pitch facing away from the ridge, square to the long axis.
/// </summary>
internal sealed class RoofSamples
{
    public required int Count { get; init; }
    public required float[] X { get; init; }
    public required float[] Y { get; init; }
    public required float[] Z { get; init; }
    public required int[] Building { get; init; }
    public required double[] NormalEast { get; init; }
    public required double[] NormalNorth { get; init; }
    public required double[] NormalUp { get; init; }
    /// <summary>Roof r's samples are [First[r], First[r + 1]).</summary>
    public required int[] First { get; init; }
    /// <summary>Per roof, the planes (one flat, or the gable's two) and its surface area, m².</summary>
    public required RoofPlane[][] Planes { get; init; }
    public required double[] SurfaceArea { get; init; }

    public static RoofSamples For(IReadOnlyList<RoofFootprint> roofs, double originX, double originY, double defaultPitch)
    {
        var x = new List<float>(); var y = new List<float>(); var z = new List<float>(); var building = new List<int>();
        var ne = new List<double>(); var nn = new List<double>(); var nu = new List<double>();
        var first = new int[roofs.Count + 1];
        var planes = new RoofPlane[roofs.Count][];
        var area = new double[roofs.Count];
        for (int r = 0; r < roofs.Count; r++)
        {
            var roof = roofs[r];
            first[r] = x.Count;
            var (ux, uy) = LongAxis(roof);
            double vx = -uy, vy = ux; // the left normal of the long axis
            double uMin = double.MaxValue, uMax = double.MinValue, vMin = double.MaxValue, vMax = double.MinValue;
            for (int i = 0; i < roof.X.Length; i++)
            {
                double u = roof.X[i] * ux + roof.Y[i] * uy, v = roof.X[i] * vx + roof.Y[i] * vy;
                uMin = Math.Min(uMin, u); uMax = Math.Max(uMax, u); vMin = Math.Min(vMin, v); vMax = Math.Max(vMax, v);
            }
            bool pitched = roof.Kind == RoofKind.Pitched;
            double pitch = pitched ? roof.Pitch ?? defaultPitch : 0.0;
            // The gable's two planes face ±v; a compass azimuth is atan2(east, north).
            double facingMinus = Compass(-vx, -vy), facingPlus = Compass(vx, vy);
            planes[r] = pitched ? [new RoofPlane(pitch, facingMinus), new RoofPlane(pitch, facingPlus)] : [RoofPlane.Horizontal];
            area[r] = roof.Area / Math.Cos(pitch * Math.PI / 180.0);
            (double U, double V)[] spots = pitched
                ? [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)]
                : [(0.5, 0.5), (0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)];
            foreach (var (fu, fv) in spots)
            {
                double u = uMin + fu * (uMax - uMin), v = vMin + fv * (vMax - vMin);
                double px = u * ux + v * vx, py = u * uy + v * vy;
                if (!Inside(roof, px, py)) continue;
                Add(px, py, pitched ? (fv < 0.5 ? planes[r][0] : planes[r][1]) : planes[r][0]);
            }
            if (x.Count == first[r]) Add(roof.X.Average(), roof.Y.Average(), planes[r][0]); // a sliver: its vertex mean

            void Add(double px, double py, RoofPlane plane)
            {
                var normal = plane.Normal;
                x.Add((float)(px - originX)); y.Add((float)(py - originY)); z.Add((float)roof.Height); building.Add(r);
                ne.Add(normal.East); nn.Add(normal.North); nu.Add(normal.Up);
            }
        }
        first[roofs.Count] = x.Count;
        return new RoofSamples
        {
            Count = x.Count, X = [.. x], Y = [.. y], Z = [.. z], Building = [.. building],
            NormalEast = [.. ne], NormalNorth = [.. nn], NormalUp = [.. nu], First = first, Planes = planes, SurfaceArea = area,
        };
    }

    /// <summary>The unit direction of the footprint's longest edge (the first of equals).</summary>
    private static (double X, double Y) LongAxis(RoofFootprint roof)
    {
        double best = -1, bx = 1, by = 0;
        for (int i = 0, j = roof.X.Length - 1; i < roof.X.Length; j = i++)
        {
            double ex = roof.X[i] - roof.X[j], ey = roof.Y[i] - roof.Y[j], length = Math.Sqrt(ex * ex + ey * ey);
            if (length > best + 1e-9)
            {
                best = length;
                bx = ex / length;
                by = ey / length;
            }
        }
        return (bx, by);
    }

    private static double Compass(double east, double north)
    {
        double degrees = Math.Atan2(east, north) * 180.0 / Math.PI;
        return degrees < 0 ? degrees + 360.0 : degrees;
    }

    private static bool Inside(RoofFootprint roof, double px, double py)
    {
        bool inside = false;
        for (int i = 0, j = roof.X.Length - 1; i < roof.X.Length; j = i++)
            if ((roof.Y[j] > py) != (roof.Y[i] > py) &&
                px < (roof.X[i] - roof.X[j]) * (py - roof.Y[j]) / (roof.Y[i] - roof.Y[j]) + roof.X[j])
                inside = !inside;
        return inside;
    }
}
