namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// Load snapshots of one grid: for each interval a multiplier of every bus's load (P and Q alike, so each load keeps its
/// power factor), interval-major in one flat array, <c>Scale[interval * Buses + bus]</c>, buses in the grid's order:
/// the layout a GPU batch would copy as it is.
/// </summary>
public sealed record LoadProfile(int Intervals, int Buses, double[] Scale)
{
    public LoadProfile Validate()
    {
        if (Intervals < 1) throw new ArgumentException($"{Intervals} intervals; at least one is needed");
        if (Scale.Length != (long)Intervals * Buses)
            throw new ArgumentException($"{Scale.Length} scales for {Intervals} intervals of {Buses} buses; {(long)Intervals * Buses} are needed");
        for (int i = 0; i < Scale.Length; i++)
            if (!(Scale[i] >= 0) || !double.IsFinite(Scale[i]))
                throw new ArgumentException($"interval {i / Buses}, bus index {i % Buses}: scale {Scale[i]} is not a finite number from 0");
        return this;
    }

    public ReadOnlySpan<double> Interval(int t) => Scale.AsSpan(t * Buses, Buses);

    /// <summary>Every bus following one curve (e.g. a day's shape repeated over a year).</summary>
    public static LoadProfile Uniform(int buses, IReadOnlyList<double> curve)
    {
        var scale = new double[curve.Count * buses];
        for (int t = 0; t < curve.Count; t++) scale.AsSpan(t * buses, buses).Fill(curve[t]);
        return new LoadProfile(curve.Count, buses, scale);
    }
}
