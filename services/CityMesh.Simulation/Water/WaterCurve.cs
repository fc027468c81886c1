namespace CityMesh.Simulation.Water;

/// <summary>Points (x rising) of a curve, in SI for what it is used as (a pump's flow → head, a tank's level → volume, a GPV's flow → head loss).</summary>
public sealed record WaterCurve(string Id, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>Linear interpolation, the ends held beyond the range.</summary>
    public double At(double x)
    {
        int n = X.Count;
        if (x <= X[0]) return Y[0];
        if (x >= X[n - 1]) return Y[n - 1];
        int k = 1;
        while (X[k] < x) k++;
        return Y[k - 1] + (Y[k] - Y[k - 1]) * (x - X[k - 1]) / (X[k] - X[k - 1]);
    }
}

/// <summary>Multipliers over time, one per pattern step, repeating.</summary>
public sealed record WaterPattern(string Id, IReadOnlyList<double> Multipliers)
{
    /// <summary>The multiplier for pattern period <paramref name="period"/> (0-based, from the pattern start).</summary>
    public double At(long period) => Multipliers.Count == 0 ? 1 : Multipliers[(int)(period % Multipliers.Count)];
}
