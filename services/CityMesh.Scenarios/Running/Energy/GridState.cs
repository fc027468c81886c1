using System.Globalization;
using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// The grid's switching state for some intervals: which branches are in service, and which buses that state leaves
/// energised (joined to the slack by branches in service). A bus normally served that is not energised is cut off: its
/// load is not served.
/// </summary>
/// <param name="Note">What changed, for the report; empty in normal operation.</param>
public sealed record GridState(bool[] InService, bool[] Energised, IReadOnlyList<int> CutOff, string Note)
{
    public static GridState Normal(EnergyGrid grid)
    {
        var inService = grid.Power.Branches.Select(b => b.InService).ToArray();
        var energised = EnergisedBy(grid, inService);
        var isolated = Enumerable.Range(0, energised.Length).Where(i => !energised[i] && grid.Power.Buses[i].Pd > 0).Select(i => grid.Power.Buses[i].Id).ToList();
        // A load no branch in service joins to the slack is never served: said, and counted as not served, not dropped.
        return new GridState(inService, energised, [], isolated.Count == 0 ? ""
            : $"{isolated.Count} buses with load joined to no source in normal operation, not served ({string.Join(", ", isolated.Take(12))}{(isolated.Count > 12 ? ", ..." : "")})");
    }

    /// <summary>
    /// The state during <paramref name="outage"/>: its branch open; then, with transfer, the first normally-open point
    /// (in the case's order) joining a cut-off bus to an energised one is closed, again until none is left or nothing is
    /// cut off. Whatever stays cut off is not served.
    /// </summary>
    public static GridState During(EnergyGrid grid, OutageSpec outage, string field)
    {
        var normal = Normal(grid);
        int k = EnergyGridSetup.Branch(grid, outage.FromBus, outage.ToBus, field);
        if (!normal.InService[k])
            throw new ScenarioInputException(field, $"branch {grid.BranchName(k)} is not in service in normal operation; an outage needs a branch that is.");
        var inService = (bool[])normal.InService.Clone();
        inService[k] = false;
        return Transferred(grid, normal, inService, outage.Transfer, new HashSet<int>(), $"{grid.BranchName(k)} out");
    }

    /// <summary>
    /// The state with the buses of <paramref name="flooded"/> (indexes) out, every branch touching them open; the
    /// normally-open points then take what they can of the rest, never closing onto a flooded bus. A flooded bus and
    /// whatever only it fed are cut off.
    /// </summary>
    public static GridState Isolating(EnergyGrid grid, IReadOnlySet<int> flooded, string what)
    {
        var normal = Normal(grid);
        var inService = (bool[])normal.InService.Clone();
        for (int k = 0; k < inService.Length; k++)
            if (flooded.Contains(grid.BusIndex(grid.Power.Branches[k].From)) || flooded.Contains(grid.BusIndex(grid.Power.Branches[k].To))) inService[k] = false;
        return Transferred(grid, normal, inService, transfer: true, flooded, what);
    }

    /// <summary>
    /// With <paramref name="transfer"/>, the first normally-open point (in the case's order) joining a cut-off bus to an
    /// energised one, and touching no bus of <paramref name="barred"/>, is closed, again until none is left or nothing
    /// is cut off. Whatever stays cut off is not served.
    /// </summary>
    private static GridState Transferred(EnergyGrid grid, GridState normal, bool[] inService, bool transfer, IReadOnlySet<int> barred, string what)
    {
        var energised = EnergisedBy(grid, inService);
        var closed = new List<int>();
        while (transfer && CutOffBuses(normal, energised).Count > 0)
        {
            int tie = Enumerable.Range(0, inService.Length).FirstOrDefault(j =>
            {
                if (inService[j] || normal.InService[j] || !grid.NormallyOpen[j]) return false;
                int from = grid.BusIndex(grid.Power.Branches[j].From), to = grid.BusIndex(grid.Power.Branches[j].To);
                return !barred.Contains(from) && !barred.Contains(to) && energised[from] != energised[to];
            }, -1);
            if (tie < 0) break;
            inService[tie] = true;
            closed.Add(tie);
            energised = EnergisedBy(grid, inService);
        }
        var cut = CutOffBuses(normal, energised);
        string note = what + (closed.Count > 0 ? $"; normally-open {string.Join(", ", closed.Select(grid.BranchName))} closed" : "")
            + (cut.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {cut.Count} buses cut off ({string.Join(", ", cut.Take(12).Select(i => grid.Power.Buses[i].Id))}{(cut.Count > 12 ? ", ..." : "")})") : "; no bus cut off");
        return new GridState(inService, energised, cut, note);
    }

    private static List<int> CutOffBuses(GridState normal, bool[] energised) =>
        [.. Enumerable.Range(0, energised.Length).Where(i => normal.Energised[i] && !energised[i])];

    /// <summary>The buses joined to the slack by branches in service (a breadth-first walk).</summary>
    public static bool[] EnergisedBy(EnergyGrid grid, bool[] inService)
    {
        var power = grid.Power;
        var adjacent = Adjacency(grid, inService);
        var energised = new bool[power.Buses.Count];
        var queue = new Queue<int>();
        int slack = grid.BusIndex(power.Slack.Id);
        energised[slack] = true;
        queue.Enqueue(slack);
        while (queue.Count > 0)
            foreach (var (next, _) in adjacent[queue.Dequeue()])
                if (!energised[next]) { energised[next] = true; queue.Enqueue(next); }
        return energised;
    }

    /// <summary>Per bus index, its neighbours by branches in service, with the branch.</summary>
    public static List<(int Bus, int Branch)>[] Adjacency(EnergyGrid grid, bool[] inService)
    {
        var adjacent = Enumerable.Range(0, grid.Power.Buses.Count).Select(_ => new List<(int, int)>()).ToArray();
        for (int k = 0; k < inService.Length; k++)
        {
            if (!inService[k]) continue;
            int f = grid.BusIndex(grid.Power.Branches[k].From), t = grid.BusIndex(grid.Power.Branches[k].To);
            adjacent[f].Add((t, k));
            adjacent[t].Add((f, k));
        }
        return adjacent;
    }
}

/// <summary>Intervals [From, To) that share one <see cref="GridState"/>.</summary>
public sealed record GridSegment(int From, int To, GridState State)
{
    /// <summary>Normal operation, with the outage's intervals (those whose middle falls in [startHour, endHour)) apart.</summary>
    public static IReadOnlyList<GridSegment> Of(EnergyGrid grid, OutageSpec? outage, string field, int intervals, double intervalHours)
    {
        var normal = GridState.Normal(grid);
        if (outage is null) return [new GridSegment(0, intervals, normal)];
        int from = Math.Clamp((int)Math.Ceiling((outage.StartHour ?? 0) / intervalHours - 0.5), 0, intervals);
        int to = Math.Clamp((int)Math.Ceiling((outage.EndHour ?? 0) / intervalHours - 0.5), from, intervals);
        if (from == to) return [new GridSegment(0, intervals, normal)];
        var during = GridState.During(grid, outage, field);
        return [.. new[] { new GridSegment(0, from, normal), new GridSegment(from, to, during), new GridSegment(to, intervals, normal) }.Where(s => s.To > s.From)];
    }
}
