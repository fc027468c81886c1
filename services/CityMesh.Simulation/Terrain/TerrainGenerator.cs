namespace CityMesh.Simulation.Terrain;

/// <summary>
/// Draws a plausible lowland city terrain from a seed, for cities without a DEM. The river runs along the extent's
/// longer side, meandering (two sine terms whose slope never exceeds 0.9, so it never doubles back) about a line near
/// the middle. Elevation is built relative to the river, in the frame (along, across) of the river's general
/// direction:
/// <code>
///   fall(a)    = RiverFall · (L − a)                                 the river falls towards a = L
///   d          = |across − centre(a)|                                distance across from the centreline
///   profile(d) = −RiverDepth · (1 − (d / h)²)              d &lt; h     parabolic channel, h = RiverWidth / 2
///              = ValleyRise · (1 − e^(−(d − h) / ValleyLength)) d ≥ h    valley sides rising from the bank
///   taper(d)   = 1 − e^(−(d − h) / ValleyLength), 0 in the channel
///   z          = fall(a) + profile(d) + taper(d) · (hills + noise)     hills, noise ≥ 0
/// </code>
/// Along any cross-section (fixed a) fall is constant, the channel's profile is negative and everything else is not, so
/// every channel cell lies below every other cell of its cross-section. Finally the relief is scaled by one factor
/// k ≤ 1 about the lowest point so that it stays within [MinElevation, MaxElevation] and no step between neighbouring
/// cells outside the channel is steeper than MaxSlope; a positive factor keeps every ordering above.
/// </summary>
public static class TerrainGenerator
{
    private const double NoiseWavelength = 250;

    public static GeneratedTerrain Generate(TerrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        if (problems.Count > 0) throw new ArgumentException("terrain options: " + string.Join("; ", problems), nameof(options));

        int columns = (int)Math.Ceiling(options.Width / options.CellSize), rows = (int)Math.Ceiling(options.Height / options.CellSize);
        double cs = options.CellSize;
        bool runsEast = options.Width >= options.Height;
        double length = runsEast ? columns * cs : rows * cs, breadth = runsEast ? rows * cs : columns * cs;

        var course = Meander.Draw(Random(options.Seed, "terrain.river"), length, breadth);
        var hills = DrawHills(Random(options.Seed, "terrain.hills"), options, columns * cs, rows * cs);
        var noiseSeed = SeededRandom.Hash("terrain.noise") ^ options.Seed;

        var raw = new double[columns * rows];
        var river = new bool[columns * rows];
        double half = options.RiverWidth / 2;
        for (int row = 0; row < rows; row++)
        {
            // Local coordinates of the cell centre from the grid's south-west corner; row 0 is the northern row.
            double y = (rows - row - 0.5) * cs;
            for (int col = 0; col < columns; col++)
            {
                double x = (col + 0.5) * cs;
                double along = runsEast ? x : y, across = runsEast ? y : x;
                double d = Math.Abs(across - course.Centre(along));
                double z = options.RiverFall * (length - along);
                int i = row * columns + col;
                if (d < half)
                {
                    z -= options.RiverDepth * (1 - d / half * (d / half));
                    river[i] = true;
                }
                else
                {
                    double taper = -double.ExpM1(-(d - half) / options.ValleyLength);
                    z += options.ValleyRise * taper + taper * (HillHeight(hills, x, y) + options.NoiseAmplitude * ValueNoise(noiseSeed, x / NoiseWavelength, y / NoiseWavelength));
                }
                raw[i] = z;
            }
        }

        double low = raw.Min(), high = raw.Max();
        double steepest = SteepestStep(raw, river, columns, rows, cs);
        double scale = Math.Min(1, (options.MaxElevation - options.MinElevation) / Math.Max(high - low, double.Epsilon));
        // Storing floats rounds each end of a step by up to half an ulp: aim that much under the bound so it holds as stored.
        float top = (float)Math.Max(Math.Abs(options.MinElevation), Math.Abs(options.MaxElevation));
        double roundingSlope = 2.0 * (MathF.BitIncrement(top) - top) / cs;
        if (steepest > 0) scale = Math.Min(scale, Math.Max(options.MaxSlope - roundingSlope, options.MaxSlope / 2) / steepest);
        var values = new float[raw.Length];
        for (int i = 0; i < raw.Length; i++) values[i] = (float)(options.MinElevation + (raw[i] - low) * scale);

        var grid = new ElevationGrid(columns, rows, cs, options.OriginX, options.OriginY, values, ElevationGrid.DefaultNoData, options.Crs);
        return new GeneratedTerrain(grid, river, runsEast, scale);
    }

    /// <summary>One generator per purpose, so drawing more hills leaves the river where it was.</summary>
    private static SeededRandom Random(ulong seed, string purpose) => new(SeededRandom.Mix(seed ^ SeededRandom.Hash(purpose)));

    /// <summary>The steepest rise over run between 4-neighbours, neither of them channel (the channel's banks are steep by design).</summary>
    private static double SteepestStep(double[] z, bool[] river, int columns, int rows, double cs)
    {
        double steepest = 0;
        for (int row = 0; row < rows; row++)
            for (int col = 0; col < columns; col++)
            {
                int i = row * columns + col;
                if (river[i]) continue;
                if (col + 1 < columns && !river[i + 1]) steepest = Math.Max(steepest, Math.Abs(z[i + 1] - z[i]) / cs);
                if (row + 1 < rows && !river[i + columns]) steepest = Math.Max(steepest, Math.Abs(z[i + columns] - z[i]) / cs);
            }
        return steepest;
    }

    private readonly record struct Hill(double X, double Y, double Height, double Sigma);

    private static Hill[] DrawHills(SeededRandom random, TerrainOptions options, double width, double height)
    {
        var hills = new Hill[options.Hills];
        double size = Math.Min(width, height);
        for (int k = 0; k < hills.Length; k++)
            hills[k] = new Hill(random.Next(0, width), random.Next(0, height), options.HillHeight * random.Next(0.4, 1.0),
                size * random.Next(0.06, 0.15));
        return hills;
    }

    private static double HillHeight(Hill[] hills, double x, double y)
    {
        double sum = 0;
        foreach (var h in hills)
        {
            double dx = x - h.X, dy = y - h.Y;
            sum += h.Height * Math.Exp(-(dx * dx + dy * dy) / (2 * h.Sigma * h.Sigma));
        }
        return sum;
    }

    /// <summary>Value noise in [0, 1): a hashed value at each lattice point, blended with smoothstep weights.</summary>
    private static double ValueNoise(ulong seed, double u, double v)
    {
        double fu = Math.Floor(u), fv = Math.Floor(v);
        long iu = (long)fu, iv = (long)fv;
        double tu = Smooth(u - fu), tv = Smooth(v - fv);
        double a = Lattice(seed, iu, iv), b = Lattice(seed, iu + 1, iv), c = Lattice(seed, iu, iv + 1), d = Lattice(seed, iu + 1, iv + 1);
        return (a + (b - a) * tu) + ((c + (d - c) * tu) - (a + (b - a) * tu)) * tv;

        static double Smooth(double t) => t * t * (3 - 2 * t);
        static double Lattice(ulong seed, long i, long j) =>
            (SeededRandom.Mix(seed ^ SeededRandom.Mix((ulong)i * 0x9E3779B97F4A7C15UL ^ (ulong)j)) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>The river's centreline across the extent: offset from the middle plus two sine terms.</summary>
    private sealed record Meander(double Middle, double A1, double K1, double P1, double A2, double K2, double P2)
    {
        public static Meander Draw(SeededRandom random, double length, double breadth)
        {
            double middle = breadth * random.Next(0.4, 0.6);
            double n1 = random.Next(1.0, 2.0), n2 = random.Next(3.0, 5.0);
            double k1 = 2 * Math.PI * n1 / length, k2 = 2 * Math.PI * n2 / length;
            // Amplitudes capped so the two terms' slopes add to at most 0.6 + 0.3 and the centreline stays a tenth of the breadth from the edges.
            double a1 = Math.Min(0.2 * breadth, 0.6 / k1), a2 = Math.Min(0.1 * breadth, 0.3 / k2);
            return new Meander(middle, a1, k1, random.Next(0, 2 * Math.PI), a2, k2, random.Next(0, 2 * Math.PI));
        }

        public double Centre(double along) => Middle + A1 * Math.Sin(K1 * along + P1) + A2 * Math.Sin(K2 * along + P2);
    }
}
