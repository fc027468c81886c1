namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>Standard normal draws from a seeded <see cref="Random"/> (Box–Muller, both values used).</summary>
internal sealed class GaussianSource(Random random)
{
    private double? _spare;

    public double Next()
    {
        if (_spare is { } spare)
        {
            _spare = null;
            return spare;
        }
        var u = 1 - random.NextDouble(); // (0, 1]: the log is finite
        var v = random.NextDouble();
        var r = Math.Sqrt(-2 * Math.Log(u));
        _spare = r * Math.Sin(2 * Math.PI * v);
        return r * Math.Cos(2 * Math.PI * v);
    }
}
