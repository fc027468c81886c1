using CityMesh.Simulation.Synthetic.Telemetry;

namespace CityMesh.Simulation.Tests.Synthetic.Telemetry;

public sealed class SpatialNoiseTests
{
    /// <summary>Sites along a parallel, <paramref name="spacing"/> metres apart (about 89 km per degree of longitude at 36.66° N).</summary>
    private static SensorSite[] Line(int count, double spacing) =>
        [.. Enumerable.Range(0, count).Select(i => new SensorSite($"s{i}", SensorKinds.AirQuality, 36.66, 117 + i * spacing / 89_300))];

    [Fact]
    public void Should_Correlate_Neighbours_As_Exp_Minus_Distance_Over_Length_And_Distant_Sensors_Hardly_At_All()
    {
        SensorSite[] sites = [.. Line(2, 300), new SensorSite("far", SensorKinds.AirQuality, 36.66, 117.2)];
        const int steps = 20_000;
        var noise = SpatialNoise.Generate(sites, steps, 1500, 0.5, new GaussianSource(new Random(5)));
        var near = Correlation(noise, 0, 1, steps);
        var far = Correlation(noise, 0, 2, steps);
        Assert.InRange(near, Math.Exp(-sites[0].DistanceTo(sites[1]) / 1500) - 0.05, Math.Exp(-sites[0].DistanceTo(sites[1]) / 1500) + 0.05);
        Assert.InRange(far, -0.05, 0.05);
        // Unit variance, and AR(1) in time with the asked persistence.
        var own = noise.AsSpan(0, steps).ToArray();
        Assert.InRange(own.Select(v => (double)v * v).Average(), 0.9, 1.1);
        Assert.InRange(Correlation([.. own[..^1], .. own[1..]], 0, 1, steps - 1), 0.45, 0.55);
    }

    [Fact]
    public void Should_Keep_Near_Sensors_More_Alike_Than_Far_Ones_When_Mixing_Neighbours_For_Many_Sensors()
    {
        var sites = Line(SpatialNoise.CholeskyLimit + 50, 150);
        const int steps = 2_000;
        var noise = SpatialNoise.Generate(sites, steps, 500, 0, new GaussianSource(new Random(9)));
        var near = Correlation(noise, 200, 201, steps);
        var far = Correlation(noise, 200, 300, steps);
        Assert.True(near > 0.5, $"adjacent sensors correlate {near}");
        Assert.InRange(far, -0.1, 0.1);
    }

    private static double Correlation(float[] noise, int a, int b, int steps)
    {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (var t = 0; t < steps; t++)
        {
            double x = noise[a * steps + t], y = noise[b * steps + t];
            sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y;
        }
        var n = (double)steps;
        return (sab / n - sa / n * sb / n) / Math.Sqrt((saa / n - sa * sa / n / n) * (sbb / n - sb * sb / n / n));
    }
}
