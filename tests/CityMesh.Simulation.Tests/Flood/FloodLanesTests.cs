using System.Numerics;
using System.Runtime.Intrinsics;
using CityMesh.Simulation.Flood;

namespace CityMesh.Simulation.Tests.Flood;

/// <summary>
/// The managed path's SIMD lanes (<see cref="FloodLanes"/>) against the readable rules (<see cref="FloodRules"/>),
/// their oracle: the same bits, face by face, cell by cell and over whole runs.
/// </summary>
public sealed class FloodLanesTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const double G = FloodCases.G, Dry = 1e-6;

    [Fact]
    public void The_inverse_cube_root_is_good_to_round_off_and_the_same_in_lanes()
    {
        var random = new SeededRandom(7);
        double worst = 0;
        for (int k = 0; k < 20_000; k++)
        {
            double x = Math.Pow(10, random.Next(-7.0, 5.0));
            double y = CubeRoot.Inverse(x);
            worst = Math.Max(worst, Math.Abs(RelativeError(x, y)));
            double[] xs = [x, 2 * x, 0.5 * x, x + 1, 3 * x, x / 3, 10 * x, x + 0.5];
            var four = Lanes(CubeRoot.Inverse(new Lanes256(Vector256.Create(xs.AsSpan(0, 4)))));
            var eight = Lanes(CubeRoot.Inverse(new Lanes512(Vector512.Create(xs))));
            for (int lane = 0; lane < 8; lane++)
            {
                long expected = BitConverter.DoubleToInt64Bits(CubeRoot.Inverse(xs[lane]));
                if (lane < 4) Assert.Equal(expected, BitConverter.DoubleToInt64Bits(four[lane]));
                Assert.Equal(expected, BitConverter.DoubleToInt64Bits(eight[lane]));
            }
        }
        output.WriteLine($"worst relative error of x^(-1/3) over 20,000 x from 1e-7 to 1e5: {worst:E2}");
        // Tolerance: 2^-52 relative, two units of the last place at worst.
        Assert.True(worst <= Math.Pow(2, -52), $"worst relative error {worst:E2}");
    }

    /// <summary>y's relative error as the (1/3)-power of x^(−1): (y³ x − 1) / 3 to first order, y³ x exactly in integers.</summary>
    private static double RelativeError(double x, double y)
    {
        var (mx, ex) = Split(x);
        var (my, ey) = Split(y);
        BigInteger product = my * my * my * mx, one = BigInteger.One << -(3 * ey + ex); // y³ x = product / one
        return (double)(product - one) / (double)one / 3;
    }

    /// <summary>A positive normal double as m · 2^e with m an integer of 53 bits.</summary>
    private static (BigInteger Mantissa, int Exponent) Split(double v)
    {
        long bits = BitConverter.DoubleToInt64Bits(v);
        return ((bits & ((1L << 52) - 1)) | (1L << 52), (int)((bits >> 52) & 0x7FF) - 1075);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(512)]
    public void Faces_in_lanes_are_the_rules_faces_to_the_bit_across_fronts_steps_and_walls(int bits)
    {
        if (!Accelerated(bits)) return; // this CPU has no such lanes (512: AVX-512); nothing of that width runs here
        if (bits == 512) Faces<Lanes512>();
        else Faces<Lanes256>();
    }

    [Theory]
    [InlineData(256)]
    [InlineData(512)]
    public void Cells_in_lanes_are_the_rules_cells_to_the_bit_wet_drying_and_dry(int bits)
    {
        if (!Accelerated(bits)) return;
        if (bits == 512) Cells<Lanes512>();
        else Cells<Lanes256>();
    }

    [Theory]
    [InlineData(256, FloodEdges.Closed)]
    [InlineData(256, FloodEdges.Open)]
    [InlineData(512, FloodEdges.Closed)]
    [InlineData(512, FloodEdges.Open)]
    public void A_run_in_lanes_is_the_run_by_the_rules_bit_for_bit(int bits, FloodEdges edges)
    {
        if (!Accelerated(bits)) return;
        // 37 wide: the lanes cover 32 of a row's cells (or 36 of its faces) and the rules the rest. A dam break over the
        // bump, step and buildings, wet/dry fronts, friction, rain on a mask, an inflow, two pumps in one cell, the edges.
        var grid = FloodCases.Bumpy(37, 23);
        var depth = FloodCases.Lake(grid, 0.8);
        for (int i = 0; i < grid.Count; i++)
            if (i % 37 < 9 && !grid.IsBlocked(i)) depth[i] += 1.5;
        var options = new FloodOptions
        {
            Seconds = 30,
            Edges = edges,
            Inflows = [new PointInflow("main", 30, 4, new TimeSeries([0, 15], [3, 0]))],
            Pumps = [new Pump("a", 4, 18, TimeSeries.Constant(0.5)), new Pump("b", 4, 18, TimeSeries.Constant(0.5))],
            Rain = new Rainfall(TimeSeries.Constant(80)) { Mask = Enumerable.Range(0, grid.Count).Select(i => i / 37 > 12 || i % 5 == 0).ToArray() },
        };
        using var lanes = new FloodSimulation(grid, options, depth, new ManagedFloodKernels(laneBits: bits));
        using var rules = new FloodSimulation(grid, options, depth, new ManagedFloodKernels(laneBits: 0));
        var ours = lanes.Run();
        var theirs = rules.Run();

        Assert.EndsWith($", {bits}-bit lanes", ours.Backend, StringComparison.Ordinal);
        Assert.DoesNotContain("lanes", theirs.Backend, StringComparison.Ordinal);
        Assert.True(ours.Steps > 50, $"{ours.Steps} steps");
        Assert.Equal(ours.Steps, theirs.Steps);
        var (h, hu, hv) = lanes.Cells();
        var (h2, hu2, hv2) = rules.Cells();
        Assert.Equal(Bits(h2), Bits(h));
        Assert.Equal(Bits(hu2), Bits(hu));
        Assert.Equal(Bits(hv2), Bits(hv));
        Assert.Equal(theirs.MaxDepth, ours.MaxDepth);
        Assert.Equal(theirs.MaxSpeed, ours.MaxSpeed);
        Assert.Equal(theirs.ArrivalSeconds, ours.ArrivalSeconds);
        Assert.Equal(theirs.Balance, ours.Balance);
        // The case holds: fronts moved, some cells stayed or went dry, the pumps and edges acted.
        Assert.Contains(h, d => d == 0.0);
        Assert.Contains(hu, q => Math.Abs(q) > 0.01);
        Assert.True(ours.Balance.Pumped > 0 && ours.Balance.Inflow > 0 && ours.Balance.Rain > 0);
        Assert.True(edges == FloodEdges.Closed ? ours.Balance.Outflow == 0 : ours.Balance.Outflow != 0, $"{ours.Balance.Outflow}");
    }

    [Fact]
    public void The_default_lanes_are_the_widest_the_CPU_accelerates()
    {
        using var sim = new FloodSimulation(FloodGrid.Flat(8, 8, 1.0), new FloodOptions());
        int widest = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 0;
        Assert.Equal(widest, ManagedFloodKernels.WidestLanes);
        Assert.Equal(widest > 0, sim.Backend.EndsWith($", {widest}-bit lanes", StringComparison.Ordinal));
    }

    private static void Faces<T>() where T : struct, ILanes<T>
    {
        var random = new SeededRandom(11);
        for (int k = 0; k < 50_000 / T.Count; k++)
        {
            var l = Side(random, T.Count);
            var r = Side(random, T.Count);
            var lanes = FloodLanes<T>.Between(Word(l.Blocked), Word(r.Blocked), T.Load(l.H, 0), T.Load(l.Un, 0), T.Load(l.Ut, 0),
                T.Load(l.Z, 0), T.Load(r.H, 0), T.Load(r.Un, 0), T.Load(r.Ut, 0), T.Load(r.Z, 0), T.Create(G));
            double[] mass = Lanes(lanes.Mass), normalLeft = Lanes(lanes.NormalLeft), normalRight = Lanes(lanes.NormalRight);
            double[] tangential = Lanes(lanes.Tangential);
            for (int lane = 0; lane < T.Count; lane++)
            {
                var rules = FloodRules.Between(l.Blocked[lane], r.Blocked[lane], l.H[lane], l.Un[lane], l.Ut[lane], l.Z[lane],
                    r.H[lane], r.Un[lane], r.Ut[lane], r.Z[lane], G);
                Same(rules.Mass, mass[lane], k, lane, "mass");
                Same(rules.NormalLeft, normalLeft[lane], k, lane, "normal left");
                Same(rules.NormalRight, normalRight[lane], k, lane, "normal right");
                Same(rules.Tangential, tangential[lane], k, lane, "tangential");
            }
        }
    }

    private static void Cells<T>() where T : struct, ILanes<T>
    {
        var random = new SeededRandom(13);
        int n = T.Count;
        for (int k = 0; k < 50_000 / n; k++)
        {
            double[] h = Draw(random, n, () => Depth(random)), hu = Draw(random, n, () => random.Next(-3.0, 3.0));
            double[] hv = Draw(random, n, () => random.Next(-3.0, 3.0)), manning = Draw(random, n, () => random.Chance(0.2) ? 0.0 : random.Next(0.01, 0.1));
            double[] rain = Draw(random, n, () => random.Chance(0.5) ? 0.0 : 1e-4);
            var faces = Enumerable.Range(0, 4).Select(_ => Fluxes(random, n)).ToArray();
            double ratio = random.Next(0.01, 0.5), dtg = ratio * G;
            var lanes = FloodLanes<T>.Advance(T.Load(h, 0), T.Load(hu, 0), T.Load(hv, 0), Lanes<T>(faces[0]), Lanes<T>(faces[1]),
                Lanes<T>(faces[2]), Lanes<T>(faces[3]), T.Create(ratio), T.Load(rain, 0), T.Load(manning, 0), T.Create(dtg), T.Create(G), T.Create(Dry));
            double[] h1 = Lanes(lanes.H), hu1 = Lanes(lanes.Hu), hv1 = Lanes(lanes.Hv), speed = Lanes(lanes.Speed), wave = Lanes(lanes.WaveSpeed);
            for (int lane = 0; lane < n; lane++)
            {
                var rules = FloodRules.Advance(h[lane], hu[lane], hv[lane], faces[0][lane], faces[1][lane], faces[2][lane], faces[3][lane],
                    ratio, rain[lane], manning[lane], dtg, Dry);
                Same(rules.H, h1[lane], k, lane, "h");
                Same(rules.Hu, hu1[lane], k, lane, "hu");
                Same(rules.Hv, hv1[lane], k, lane, "hv");
                Same(rules.Speed, speed[lane], k, lane, "speed");
                Same(FloodRules.WaveSpeed(rules.H, rules.Hu, rules.Hv, G, Dry), wave[lane], k, lane, "wave speed");
            }
        }
    }

    private static bool Accelerated(int bits) => bits == 512 ? Vector512.IsHardwareAccelerated : Vector256.IsHardwareAccelerated;

    private static double[] Lanes<T>(T value) where T : struct, ILanes<T>
    {
        var lanes = new double[T.Count];
        T.Store(value, lanes, 0);
        return lanes;
    }

    private static FaceFluxes<T> Lanes<T>(FaceFlux[] faces) where T : struct, ILanes<T> =>
        new(T.Load(faces.Select(f => f.Mass).ToArray(), 0), T.Load(faces.Select(f => f.NormalLeft).ToArray(), 0),
            T.Load(faces.Select(f => f.NormalRight).ToArray(), 0), T.Load(faces.Select(f => f.Tangential).ToArray(), 0));

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static void Same(double rules, double lane, int k, int index, string what) =>
        Assert.True(BitConverter.DoubleToInt64Bits(rules) == BitConverter.DoubleToInt64Bits(lane),
            $"case {k}, lane {index}, {what}: rules {rules:R}, lanes {lane:R}");

    /// <summary>A vector of cells on one side of faces: dry, barely wet or wet, still or moving, on beds with steps, some walls.</summary>
    private static (double[] H, double[] Un, double[] Ut, double[] Z, bool[] Blocked) Side(SeededRandom random, int n) =>
        (Draw(random, n, () => Depth(random)), Draw(random, n, () => random.Chance(0.2) ? 0.0 : random.Next(-4.0, 4.0)),
            Draw(random, n, () => random.Next(-2.0, 2.0)), Draw(random, n, () => random.Chance(0.5) ? 0.0 : random.Next(-1.0, 1.5)),
            Enumerable.Range(0, n).Select(_ => random.Chance(0.1)).ToArray());

    private static double Depth(SeededRandom random) => random.Next(0, 4) switch
    {
        0 => 0.0,
        1 => random.Next(0.0, 2e-6),
        _ => random.Next(0.0, 3.0),
    };

    private static double[] Draw(SeededRandom random, int n, Func<double> draw) => Enumerable.Range(0, n).Select(_ => draw()).ToArray();

    /// <summary>The flags as <see cref="ILanes{T}.FlagWord"/> reads them: lane k's in byte k.</summary>
    private static ulong Word(bool[] blocked)
    {
        ulong word = 0;
        for (int lane = 0; lane < blocked.Length; lane++)
            if (blocked[lane]) word |= 1UL << (8 * lane);
        return word;
    }

    private static FaceFlux[] Fluxes(SeededRandom random, int n) =>
        Enumerable.Range(0, n).Select(_ => new FaceFlux(random.Next(-2.0, 2.0), random.Next(0.0, 40.0), random.Next(0.0, 40.0), random.Next(-3.0, 3.0))).ToArray();
}
