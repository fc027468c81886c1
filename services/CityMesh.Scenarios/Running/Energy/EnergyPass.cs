using System.Globalization;
using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Energy.PowerFlow;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// One solve of a variant's every interval, segment by segment (a switching state each), through the public
/// time-series power flow, then the figures of each interval; and, asked to, one step of the curtailment rule.
/// A segment whose series fails is solved again interval by interval, so one unsolvable interval costs only itself:
/// it is reported, and its whole load counted as not served (a grid with no operating point serves nobody safely).
/// </summary>
internal sealed class EnergyPass(EnergyGrid grid, EnergyDemand demand, IReadOnlyList<(GridSegment Segment, SolveGrid Solve)> segments,
    IReadOnlyList<int> pvBuses, VoltageLimitsSpec limits)
{
    /// <summary>The share of a PV system's available output given up per round where it is curtailed.</summary>
    public const double CurtailmentStep = 0.1;

    private const double Tolerance = 1e-9;

    /// <param name="kept">Per interval and PV system, the share kept; with <paramref name="curtail"/>, lowered where the rule says.</param>
    /// <returns>The outcome, and whether the rule curtailed anything more (then the pass must run again).</returns>
    public (EnergyOutcome Outcome, bool Curtailed) Run(double[] kept, bool curtail)
    {
        var outcome = new EnergyOutcome(demand.Intervals, demand.IntervalHours, grid.Feeders.Count, grid.Power.Branches.Count);
        bool curtailed = false;
        foreach (var (segment, solve) in segments)
        {
            if (segment.State.Note.Length > 0)
                outcome.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"hours {segment.From * demand.IntervalHours:0.##}–{segment.To * demand.IntervalHours:0.##}: {segment.State.Note}"));
            var rows = Solve(solve, solve.Profile(demand, segment.From, segment.To, pvBuses, kept), outcome, segment.From);
            for (int t = segment.From; t < segment.To; t++)
                curtailed |= Interval(t, segment.State, solve, rows[t - segment.From], outcome, kept, curtail);
        }
        return (outcome, curtailed);
    }

    /// <summary>Per interval of the segment, its result and row, or null where it found no solution.</summary>
    private static (TimeSeriesResult Result, int Row)?[] Solve(SolveGrid solve, LoadProfile profile, EnergyOutcome outcome, int first)
    {
        var rows = new (TimeSeriesResult, int)?[profile.Intervals];
        try
        {
            var all = TimeSeriesPowerFlow.Run(solve.Solver, profile);
            for (int t = 0; t < rows.Length; t++) rows[t] = (all, t);
            return rows;
        }
        catch (PowerFlowException)
        {
            // Find which: each interval alone, from the case's start.
        }
        for (int t = 0; t < rows.Length; t++)
        {
            var one = new LoadProfile(1, profile.Buses, profile.Interval(t).ToArray());
            try
            {
                rows[t] = (TimeSeriesPowerFlow.Run(solve.Solver, one), 0);
            }
            catch (PowerFlowException e)
            {
                outcome.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"interval {first + t} (hour {(first + t) * outcome.IntervalHours:0.##}): no power flow solution, its load counted as not served: {e.Message}"));
            }
        }
        return rows;
    }

    private bool Interval(int t, GridState state, SolveGrid solve, (TimeSeriesResult Result, int Row)? row, EnergyOutcome outcome, double[] kept, bool curtail)
    {
        var power = grid.Power;
        int n = power.Buses.Count;
        double served = 0, ev = 0, notServed = 0, critical = 0;
        for (int i = 0; i < n; i++)
        {
            double load = (power.Buses[i].Pd * demand.LoadFactor(t, i) + demand.ChargersMw[i] * demand.EvShare[t]) * 1000;
            if (load == 0) continue;
            if (row is not null && solve.SolveIndex[i] >= 0)
            {
                served += load;
                ev += demand.ChargersMw[i] * demand.EvShare[t] * 1000;
            }
            else
            {
                // Cut off by the outage, joined to no source even in normal operation, or in an unsolved interval.
                notServed += load;
                if (grid.Buses[i].Critical) critical += load;
            }
        }
        (outcome.ServedKw[t], outcome.EvKw[t], outcome.NotServedKw[t], outcome.CriticalNotServedKw[t]) = (served, ev, notServed, critical);
        foreach (var f in outcome.FeederLoading) f[t] = double.NaN;
        if (row is not { } solved)
        {
            (outcome.LowestVm[t], outcome.HighestVm[t], outcome.LowestBus[t]) = (double.NaN, double.NaN, 0);
            return false;
        }
        outcome.Converged[t] = true;
        var (result, r) = solved;
        int m = solve.Grid.Buses.Count;
        double Vm(int bus) => result.Vm[r * m + solve.SolveIndex[bus]];
        double Va(int bus) => result.VaDegrees[r * m + solve.SolveIndex[bus]];

        double pvAvailable = 0, pvKept = 0;
        for (int p = 0; p < pvBuses.Count; p++)
        {
            if (solve.SolveIndex[pvBuses[p]] < 0) continue;
            double available = demand.PvKwp[pvBuses[p]] * demand.PvPerKwp[t];
            pvAvailable += available;
            pvKept += available * kept[t * pvBuses.Count + p];
        }
        (outcome.PvKw[t], outcome.PvCurtailedKw[t], outcome.LossKw[t]) = (pvKept, pvAvailable - pvKept, result.LossKw[r]);

        int lowest = -1, highest = -1;
        for (int i = 0; i < n; i++)
        {
            if (solve.SolveIndex[i] < 0) continue;
            if (lowest < 0 || Vm(i) < Vm(lowest)) lowest = i;
            if (highest < 0 || Vm(i) > Vm(highest)) highest = i;
        }
        (outcome.LowestVm[t], outcome.LowestBus[t], outcome.HighestVm[t]) = (Vm(lowest), power.Buses[lowest].Id, Vm(highest));

        var loading = new double[power.Branches.Count];
        var reverseOverloaded = new List<int>();
        for (int k = 0; k < power.Branches.Count; k++)
        {
            if (solve.BranchIndex[k] < 0) { loading[k] = double.NaN; continue; }
            var b = power.Branches[k];
            int from = grid.BusIndex(b.From), to = grid.BusIndex(b.To);
            var (sFrom, sTo) = BranchPower.Flows(b, power.BaseMva, Vm(from), Va(from), Vm(to), Va(to));
            double rating = grid.RatingMva[k];
            loading[k] = rating > 0 ? Math.Max(sFrom.Magnitude, sTo.Magnitude) / rating * 100 : 0;
            if (loading[k] > outcome.PeakLoading[k]) (outcome.PeakLoading[k], outcome.PeakInterval[k]) = (loading[k], t);
            if (loading[k] > 100 + Tolerance)
            {
                outcome.HoursOver[k] += demand.IntervalHours;
                // Power entering at the end nearer the slack is negative: the branch carries it back towards the substation.
                bool fromUpstream = solve.Depth[from] <= solve.Depth[to];
                if ((fromUpstream ? sFrom.Real : sTo.Real) < 0) reverseOverloaded.Add(fromUpstream ? to : from);
            }
        }
        for (int f = 0; f < grid.Feeders.Count; f++) outcome.FeederLoading[f][t] = loading[grid.Feeders[f].Branch];

        if (!curtail || pvAvailable <= 0) return false;
        return Curtail(t, solve, kept, Vm, reverseOverloaded);
    }

    /// <summary>
    /// The curtailment rule, one step: in an interval with a bus above limits.maxPu, every PV system at a bus above it
    /// gives up <see cref="CurtailmentStep"/> of its available output (every producing one, where none of their buses
    /// is above it); below a branch over its rating that carries power back towards the substation, every PV system
    /// gives up the same. The pass is then run again, until nothing is curtailed more.
    /// </summary>
    private bool Curtail(int t, SolveGrid solve, double[] kept, Func<int, double> vm, List<int> reverseOverloaded)
    {
        var targets = new HashSet<int>();
        var producing = Enumerable.Range(0, pvBuses.Count).Where(p => solve.SolveIndex[pvBuses[p]] >= 0 && kept[t * pvBuses.Count + p] > 0).ToList();
        bool overVoltage = Enumerable.Range(0, grid.Power.Buses.Count).Any(i => solve.SolveIndex[i] >= 0 && vm(i) > limits.MaxPu + Tolerance);
        if (overVoltage)
        {
            var high = producing.Where(p => vm(pvBuses[p]) > limits.MaxPu + Tolerance).ToList();
            targets.UnionWith(high.Count > 0 ? high : producing);
        }
        foreach (int below in reverseOverloaded)
            targets.UnionWith(producing.Where(p => solve.IsBelow(pvBuses[p], below)));
        foreach (int p in targets)
            kept[t * pvBuses.Count + p] = Math.Max(0, Math.Round(kept[t * pvBuses.Count + p] - CurtailmentStep, 9));
        return targets.Count > 0;
    }
}
