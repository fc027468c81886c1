using System.Text.Json.Nodes;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Energy;
using CityMesh.Contracts.Twin;
using CityMesh.Energy.Grid;
using CityMesh.Simulation.Energy.Twin;

namespace CityMesh.Energy.Relief;

/// <summary>
/// Finds relief for a violated part of the grid by trying it in the power flow, least disruptive first
/// (<see cref="ReliefKinds.InOrder"/>): defer the chargers' charging to the night; transfer the far end of the feeder
/// to a neighbour by closing a normally-open point and opening the line that keeps the grid radial (every line on the
/// way from that point back to the feeder's head is tried; the least loaded outcome wins); curtail PV export where the
/// voltage is too high; and last, shed non-critical secondary substations, the largest first, one at a time until the
/// limit holds. A plan is only offered when the solve with it shows the scope within its limits and nothing newly
/// violated elsewhere.
/// The guardrail: a bus that supplies a hospital or a shelter is never shed; when only such load would do, no shedding
/// plan is made.
/// </summary>
public sealed class ReliefPlanner(EnergyOptions options, string city)
{
    /// <summary>Trials of transfer candidates at most per violation: each is one power flow of the grid.</summary>
    public const int MaxTransferTrials = 60;

    public ReliefPlan? Plan(LiveGridInput input, GridPowerFlow flow, GridState now, GridViolation violation)
    {
        var grid = input.Grid;
        var scope = ScopeOf(grid, violation);
        if (scope.Count == 0) return null;
        var existing = GridViolations.Find(grid, now, options, city).Select(v => (v.Kind, v.Element)).ToHashSet();
        var before = Measure(now, grid, scope);
        var trials = 0;

        ReliefPlan? Try(string kind, double[] loads, IReadOnlyDictionary<string, bool>? switching, IReadOnlySet<string>? outage, Dictionary<string, JsonObject> changes,
            string summary, double shed = 0, double shifted = 0, double curtailed = 0)
        {
            trials++;
            var state = flow.Solve(loads, switching: switching, outOfService: outage);
            if (state.Failures.Count > 0 || state.UnservedKw > shed + 1e-6) return null;
            var after = GridViolations.Find(grid, state, options, city);
            // Fixed: nothing violated in the scope, and nothing violated that was not already.
            if (after.Any(v => InScope(v, grid, scope, city) || !existing.Contains((v.Kind, v.Element)))) return null;
            return new ReliefPlan(kind, violation.Feeder ?? violation.Element, summary, changes, before, Measure(state, grid, scope), shed, 0, shifted, curtailed, trials);
        }

        // 1. Chargers on the scope wait for the night.
        var shiftable = scope.Where(b => input.ChargingKw[b] > 0 && input.ChargersAt.ContainsKey(b)).ToList();
        if (shiftable.Count > 0 && violation.Kind != GridViolation.Overvoltage)
        {
            var loads = (double[])input.LoadKw.Clone();
            foreach (var b in shiftable) loads[b] -= input.ChargingKw[b];
            var kw = shiftable.Sum(b => input.ChargingKw[b]);
            var changes = shiftable.SelectMany(b => input.ChargersAt[b]).ToDictionary(c => c, _ => new JsonObject { ["chargingMode"] = NgsiAttributes.Property("deferred") });
            if (Try(ReliefKinds.ShiftCharging, loads, null, null, changes,
                    $"Defer {changes.Count} EV chargers' charging to the night ({kw:0} kW now)", shifted: kw) is { } plan) return plan;
        }

        // 2. Transfer the far end through a normally-open point.
        if (violation.Kind != GridViolation.Overvoltage && Transfer(input, flow, scope, Try) is { } transfer) return transfer;

        // 3. PV export off where the voltage is too high.
        if (violation.Kind == GridViolation.Overvoltage)
        {
            var curtailable = scope.Where(b => input.SolarKw[b] > 0 && input.SolarAt.ContainsKey(b)).ToList();
            if (curtailable.Count > 0)
            {
                var loads = (double[])input.LoadKw.Clone();
                foreach (var b in curtailable) loads[b] += input.SolarKw[b];
                var kw = curtailable.Sum(b => input.SolarKw[b]);
                var changes = curtailable.SelectMany(b => input.SolarAt[b]).ToDictionary(p => p, _ => new JsonObject { ["exportLimit"] = Kilowatts(0) });
                if (Try(ReliefKinds.CurtailSolar, loads, null, null, changes, $"Curtail {changes.Count} PV systems' export ({kw:0} kW now)", curtailed: kw) is { } plan) return plan;
            }
            return null;
        }

        // 4. Shed non-critical load, the largest first: never a hospital's or a shelter's bus.
        var sheddable = scope.Where(b => !input.Critical[b] && !input.Shed[b] && input.LoadKw[b] > 0).OrderByDescending(b => input.LoadKw[b]).ToList();
        var shedLoads = (double[])input.LoadKw.Clone();
        var shedChanges = new Dictionary<string, JsonObject>();
        double shedKw = 0;
        // One at a time until the limit holds, as far as every non-critical bus of the scope: how much is too much to
        // shed is governance's to say (the proposal's shedKw measure), not the planner's to guess.
        foreach (var b in sheddable)
        {
            shedLoads[b] = 0;
            shedKw += input.LoadKw[b];
            shedChanges[EntityIds.Create(EntityTypes.BusbarSection, city, grid.Buses[b].Id)] = new JsonObject { [LiveGridInput.SupplyStatus] = NgsiAttributes.Property(LiveGridInput.ShedStatus) };
            if (Try(ReliefKinds.ShedLoad, (double[])shedLoads.Clone(), null, null, new Dictionary<string, JsonObject>(shedChanges),
                    $"Shed {shedChanges.Count} secondary substation{(shedChanges.Count == 1 ? "" : "s")} ({shedKw:0} kW; no hospital or shelter)") is { } plan)
                return plan with { ShedKw = shedKw };
        }
        return null;
    }

    private ReliefPlan? Transfer(LiveGridInput input, GridPowerFlow flow, HashSet<int> scope, Func<string, double[], IReadOnlyDictionary<string, bool>?, IReadOnlySet<string>?,
        Dictionary<string, JsonObject>, string, double, double, double, ReliefPlan?> attempt)
    {
        var grid = input.Grid;
        // The tree as it runs: each bus's line towards its source.
        var towards = new Dictionary<int, int>();
        var adjacent = new List<(int Bus, int Line)>[grid.Buses.Count];
        for (var i = 0; i < adjacent.Length; i++) adjacent[i] = [];
        for (var k = 0; k < grid.Lines.Count; k++)
        {
            if (!grid.Lines[k].InService) continue;
            int a = flow.IndexOf(grid.Lines[k].From), b = flow.IndexOf(grid.Lines[k].To);
            adjacent[a].Add((b, k));
            adjacent[b].Add((a, k));
        }
        foreach (var t in grid.Transformers)
        {
            int a = flow.IndexOf(t.From), b = flow.IndexOf(t.To);
            adjacent[a].Add((b, -1));
            adjacent[b].Add((a, -1));
        }
        var queue = new Queue<int>(Enumerable.Range(0, grid.Buses.Count).Where(i => grid.Buses[i].Source));
        var seen = new HashSet<int>(queue);
        while (queue.Count > 0)
        {
            var u = queue.Dequeue();
            foreach (var (v, line) in adjacent[u])
                if (seen.Add(v))
                {
                    towards[v] = line;
                    queue.Enqueue(v);
                }
        }
        ReliefPlan? best = null;
        var trials = 0;
        foreach (var tie in grid.Switches.Where(s => s.Open))
        {
            int a = flow.IndexOf(tie.From), b = flow.IndexOf(tie.To);
            if (scope.Contains(a) == scope.Contains(b)) continue;
            var inside = scope.Contains(a) ? a : b;
            // Open each line from the tie's end back towards the head in turn: what lies beyond it moves across.
            for (var u = inside; towards.TryGetValue(u, out var line) && line >= 0 && trials < MaxTransferTrials;)
            {
                trials++;
                var opened = grid.Lines[line];
                var changes = new Dictionary<string, JsonObject>
                {
                    [EntityIds.Create(EntityTypes.Switch, city, tie.Id)] = new() { ["open"] = NgsiAttributes.Property(false) },
                    [EntityIds.Create(EntityTypes.ACLineSegment, city, opened.Id)] = new() { ["inService"] = NgsiAttributes.Property(false) },
                };
                var plan = attempt(ReliefKinds.TransferLoad, input.LoadKw, new Dictionary<string, bool> { [tie.Id] = false }, new HashSet<string> { opened.Id }, changes,
                    $"Close normally-open point {tie.Id} and open line {opened.Id}: the far end moves to the neighbouring feeder", 0, 0, 0);
                if (plan is not null && (best is null || plan.After.LoadingPercent < best.After.LoadingPercent)) best = plan;
                u = flow.IndexOf(opened.From) == u ? flow.IndexOf(opened.To) : flow.IndexOf(opened.From);
            }
        }
        return best;
    }

    /// <summary>The buses a violation's relief may touch: its feeder's, or for a transformer its substation's.</summary>
    private HashSet<int> ScopeOf(CityGrid grid, GridViolation violation)
    {
        string? feeder = violation.Feeder is { } f ? EntityLocal(f) : null;
        string? substation = EntityIds.TypeOf(violation.Element) == EntityTypes.PowerTransformer
            ? grid.Transformers.FirstOrDefault(t => t.Id == EntityLocal(violation.Element))?.Substation
            : null;
        var scope = new HashSet<int>();
        for (var i = 0; i < grid.Buses.Count; i++)
        {
            var b = grid.Buses[i];
            if (b.Source) continue;
            if ((feeder is not null && b.Feeder == feeder) || (substation is not null && b.Substation == substation && b.Feeder is not null)) scope.Add(i);
        }
        return scope;
    }

    private static bool InScope(Violation v, CityGrid grid, HashSet<int> scope, string city) =>
        v.Feeder is { } f && scope.Any(b => grid.Buses[b].Feeder is { } bf && EntityIds.Create(EntityTypes.Feeder, city, bf) == f)
        || (EntityIds.TypeOf(v.Element) == EntityTypes.PowerTransformer && scope.Any(b => grid.Transformers.Any(t => EntityIds.Create(EntityTypes.PowerTransformer, city, t.Id) == v.Element && t.Substation == grid.Buses[b].Substation)));

    private static (double, double) Measure(GridState state, CityGrid grid, HashSet<int> scope)
    {
        var feeders = scope.Select(b => grid.Buses[b].Feeder).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var substations = scope.Select(b => grid.Buses[b].Substation).ToHashSet(StringComparer.Ordinal);
        var loading = 0.0;
        for (var k = 0; k < grid.Lines.Count; k++)
            if (grid.Lines[k].Feeder is { } f && feeders.Contains(f)) loading = Math.Max(loading, state.LineLoadingPercent[k]);
        for (var k = 0; k < grid.Transformers.Count; k++)
            if (substations.Contains(grid.Transformers[k].Substation)) loading = Math.Max(loading, state.TransformerLoadingPercent[k]);
        var lowest = scope.Where(b => state.Energised[b]).Select(b => state.VoltagePu[b]).DefaultIfEmpty(double.NaN).Min();
        return (Math.Round(loading, 2), Math.Round(lowest, 5));
    }

    private static JsonObject Kilowatts(double kw)
    {
        var attribute = NgsiAttributes.Property(kw);
        attribute["unitCode"] = UnitCodes.Kilowatt;
        return attribute;
    }

    private string EntityLocal(string id) => NgsiLocal(id, city);

    private static string NgsiLocal(string id, string city) =>
        CityMesh.Simulation.Twin.NgsiElements.LocalId(id, EntityIds.TypeOf(id) ?? "", city);
}
