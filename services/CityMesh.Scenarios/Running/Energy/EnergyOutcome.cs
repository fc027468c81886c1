namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// A run of a variant, interval by interval (structure of arrays, kW and pu) and per branch: what the KPIs, the
/// files and the report are made from.
/// </summary>
public sealed class EnergyOutcome(int intervals, double intervalHours, int feeders, int branches)
{
    public int Intervals { get; } = intervals;
    public double IntervalHours { get; } = intervalHours;

    /// <summary>Load served (base and EV) at energised buses in solved intervals, kW.</summary>
    public double[] ServedKw { get; } = new double[intervals];
    public double[] EvKw { get; } = new double[intervals];
    /// <summary>PV delivered after curtailment, kW.</summary>
    public double[] PvKw { get; } = new double[intervals];
    public double[] PvCurtailedKw { get; } = new double[intervals];
    /// <summary>Load at cut-off buses, and every load of an interval whose power flow found no solution, kW.</summary>
    public double[] NotServedKw { get; } = new double[intervals];
    public double[] CriticalNotServedKw { get; } = new double[intervals];
    public double[] LossKw { get; } = new double[intervals];
    /// <summary>Lowest and highest voltage over the grid's buses, pu; NaN where the power flow found no solution.</summary>
    public double[] LowestVm { get; } = new double[intervals];
    public int[] LowestBus { get; } = new int[intervals];
    public double[] HighestVm { get; } = new double[intervals];
    public bool[] Converged { get; } = new bool[intervals];
    /// <summary>Per feeder, per interval, its head branch's loading against its rating, %; NaN where out or unsolved.</summary>
    public double[][] FeederLoading { get; } = [.. Enumerable.Range(0, feeders).Select(_ => new double[intervals])];
    /// <summary>Per branch, its highest loading, % (0 where it never carried power or has no rating).</summary>
    public double[] PeakLoading { get; } = new double[branches];
    public int[] PeakInterval { get; } = new int[branches];
    /// <summary>Per branch, hours it was loaded above its rating.</summary>
    public double[] HoursOver { get; } = new double[branches];
    /// <summary>What happened that the figures alone do not say: the outage's switching, intervals not solved.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Net import at the slack, kW: served load less PV plus losses.</summary>
    public double ImportKw(int t) => ServedKw[t] - PvKw[t] + LossKw[t];

    public double Energy(double[] kw) => kw.Sum() * IntervalHours;
}
