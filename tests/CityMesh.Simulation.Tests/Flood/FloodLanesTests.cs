using System.Numerics;
using System.Runtime.Intrinsics;
using CityMesh.Simulation.Flood;

namespace CityMesh.Simulation.Tests.Flood;

/// <summary>
/// The managed path's SIMD lanes (<see cref="FloodLanes"/>) against the readable rules (<see cref="FloodRules"/>),
/// their oracle: the same bits, face by face, cell by cell and over whole runs.
/// </summary>
public sealed class FloodLanesTests
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
            var lanes = CubeRoot.Inverse(Vector256.Create(x, 2 * x, 0.5 * x, x + 1));
            Assert.Equal(BitConverter.DoubleToInt64Bits(y), BitConverter.DoubleToInt64Bits(lanes[0]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(CubeRoot.Inverse(x + 1)), BitConverter.DoubleToInt64Bits(lanes[3]));
        }
        // Tolerance: 2^-52 relative, two units of the last place at worst (measured: 1.5e-16).
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

    [Fact]
    public void Faces_in_lanes_are_the_rules_faces_to_the_bit_across_fronts_steps_and_walls()
    {
        var random = new SeededRandom(11);
        for (int k = 0; k < 50_000; k++)
        {
            var l = Side(random);
            var r = Side(random);
            var lanes = FloodLanes.Between(Word(l.Blocked), Word(r.Blocked), Vector256.Create(l.H), Vector256.Create(l.Un),
                Vector256.Create(l.Ut), Vector256.Create(l.Z), Vector256.Create(r.H), Vector256.Create(r.Un), Vector256.Create(r.Ut),
                Vector256.Create(r.Z), Vector256.Create(G));
            for (int lane = 0; lane < 4; lane++)
            {
                var rules = FloodRules.Between(l.Blocked[lane], r.Blocked[lane], l.H[lane], l.Un[lane], l.Ut[lane], l.Z[lane],
                    r.H[lane], r.Un[lane], r.Ut[lane], r.Z[lane], G);
                Same(rules.Mass, lanes.Mass[lane], k, lane, "mass");
                Same(rules.NormalLeft, lanes.NormalLeft[lane], k, lane, "normal left");
                Same(rules.NormalRight, lanes.NormalRight[lane], k, lane, "normal right");
                Same(rules.Tangential, lanes.Tangential[lane], k, lane, "tangential");
            }
        }
    }

    [Fact]
    public void Cells_in_lanes_are_the_rules_cells_to_the_bit_wet_drying_and_dry()
    {
        var random = new SeededRandom(13);
        for (int k = 0; k < 50_000; k++)
        {
            double[] h = Four(random, () => Depth(random)), hu = Four(random, () => random.Next(-3.0, 3.0));
            double[] hv = Four(random, () => random.Next(-3.0, 3.0)), n = Four(random, () => random.Chance(0.2) ? 0.0 : random.Next(0.01, 0.1));
            double[] rain = Four(random, () => random.Chance(0.5) ? 0.0 : 1e-4);
            var faces = Enumerable.Range(0, 4).Select(_ => Fluxes(random)).ToArray();
            double ratio = random.Next(0.01, 0.5), dtg = ratio * G;
            var lanes = FloodLanes.Advance(Vector256.Create(h), Vector256.Create(hu), Vector256.Create(hv), Lanes(faces[0]), Lanes(faces[1]),
                Lanes(faces[2]), Lanes(faces[3]), Vector256.Create(ratio), Vector256.Create(rain), Vector256.Create(n), Vector256.Create(dtg),
                Vector256.Create(G), Vector256.Create(Dry));
            for (int lane = 0; lane < 4; lane++)
            {
                var rules = FloodRules.Advance(h[lane], hu[lane], hv[lane], faces[0][lane], faces[1][lane], faces[2][lane], faces[3][lane],
                    ratio, rain[lane], n[lane], dtg, Dry);
                Same(rules.H, lanes.H[lane], k, lane, "h");
                Same(rules.Hu, lanes.Hu[lane], k, lane, "hu");
                Same(rules.Hv, lanes.Hv[lane], k, lane, "hv");
                Same(rules.Speed, lanes.Speed[lane], k, lane, "speed");
                Same(FloodRules.WaveSpeed(rules.H, rules.Hu, rules.Hv, G, Dry), lanes.WaveSpeed[lane], k, lane, "wave speed");
            }
        }
    }

    [Theory]
    [InlineData(FloodEdges.Closed)]
    [InlineData(FloodEdges.Open)]
    public void A_run_in_lanes_is_the_run_by_the_rules_bit_for_bit(FloodEdges edges)
    {
        // 37 wide: the lanes cover 32 or 36 of a row and the rules the rest. A dam break over the bump, step and
        // buildings, wet/dry fronts, friction, rain on a mask, an inflow, two pumps in one cell, the edges.
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
        using var lanes = new FloodSimulation(grid, options, depth, new ManagedFloodKernels(lanes: true));
        using var rules = new FloodSimulation(grid, options, depth, new ManagedFloodKernels(lanes: false));
        var ours = lanes.Run();
        var theirs = rules.Run();

        Assert.Equal(Vector256.IsHardwareAccelerated, ours.Backend.Contains("lanes", StringComparison.Ordinal));
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
        // The case holds: fronts moved, some cells dried or stayed dry, the pumps and edges acted.
        Assert.Contains(h, d => d == 0.0);
        Assert.Contains(hu, q => Math.Abs(q) > 0.01);
        Assert.True(ours.Balance.Pumped > 0 && ours.Balance.Inflow > 0 && ours.Balance.Rain > 0);
        Assert.True(edges == FloodEdges.Closed ? ours.Balance.Outflow == 0 : ours.Balance.Outflow != 0, $"{ours.Balance.Outflow}");
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static void Same(double rules, double lane, int k, int index, string what) =>
        Assert.True(BitConverter.DoubleToInt64Bits(rules) == BitConverter.DoubleToInt64Bits(lane),
            $"case {k}, lane {index}, {what}: rules {rules:R}, lanes {lane:R}");

    /// <summary>Four cells on one side of four faces: dry, barely wet or wet, still or moving, on beds with steps, some walls.</summary>
    private static (double[] H, double[] Un, double[] Ut, double[] Z, bool[] Blocked) Side(SeededRandom random) =>
        (Four(random, () => Depth(random)), Four(random, () => random.Chance(0.2) ? 0.0 : random.Next(-4.0, 4.0)),
            Four(random, () => random.Next(-2.0, 2.0)), Four(random, () => random.Chance(0.5) ? 0.0 : random.Next(-1.0, 1.5)),
            Enumerable.Range(0, 4).Select(_ => random.Chance(0.1)).ToArray());

    private static double Depth(SeededRandom random) => random.Next(0, 4) switch
    {
        0 => 0.0,
        1 => random.Next(0.0, 2e-6),
        _ => random.Next(0.0, 3.0),
    };

    private static double[] Four(SeededRandom random, Func<double> draw) => [draw(), draw(), draw(), draw()];

    private static uint Word(bool[] blocked)
    {
        uint word = 0;
        for (int lane = 0; lane < 4; lane++)
            if (blocked[lane]) word |= 1u << (8 * lane);
        return word;
    }

    private static FaceFlux[] Fluxes(SeededRandom random) =>
        Enumerable.Range(0, 4).Select(_ => new FaceFlux(random.Next(-2.0, 2.0), random.Next(0.0, 40.0), random.Next(0.0, 40.0), random.Next(-3.0, 3.0))).ToArray();

    private static FaceFluxes Lanes(FaceFlux[] faces) => new(Vector256.Create(faces.Select(f => f.Mass).ToArray()),
        Vector256.Create(faces.Select(f => f.NormalLeft).ToArray()), Vector256.Create(faces.Select(f => f.NormalRight).ToArray()),
        Vector256.Create(faces.Select(f => f.Tangential).ToArray()));
}
