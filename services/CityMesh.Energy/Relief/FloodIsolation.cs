using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Safety;
using CityMesh.Contracts.Twin;
using CityMesh.Energy.Grid;
using CityMesh.Simulation.Energy.Twin;

namespace CityMesh.Energy.Relief;

/// <summary>
/// What a flood takes out of the grid, planned in the power flow: a flooded substation's transformers and its
/// feeders' breakers, and every line into a flooded secondary substation, out of service before the water reaches
/// them (switchgear under water fails, and a controlled outage beats a fault). Then the normally-open points that pick
/// up what was cut off from elsewhere are closed one at a time, each time the one that restores most (a hospital's or
/// shelter's bus first), so long as it overloads nothing, violates no voltage that was not already violated, and
/// touches no flooded bus. What no tie can reach stays off and is reported, critical buses named apart.
/// </summary>
/// <param name="Substations">The flooded substations, by local id.</param>
/// <param name="Buses">The flooded secondary substations, by local id: dead whatever is closed.</param>
/// <param name="Transformers">The flooded substations' transformers, by local id: out of service.</param>
/// <param name="LinesOpened">Their feeders' head lines and the lines into flooded buses, by local id: opened.</param>
/// <param name="Ties">The normally-open points closed, in the order chosen.</param>
/// <param name="LostKw">The load the outage cuts off with nothing closed (the flooded buses' own included).</param>
/// <param name="RestoredKw">Of that, what the ties pick up.</param>
/// <param name="FloodedKw">Of that, the flooded buses' own load: lost whatever is closed.</param>
/// <param name="BusesOff">Buses without supply after the ties, the flooded ones included.</param>
/// <param name="CriticalBusesOff">Hospitals' or shelters' buses without supply after the ties, flooded or cut off.</param>
public sealed record FloodIsolationPlan(IReadOnlyList<string> Substations, IReadOnlyList<string> Buses, IReadOnlyList<string> Transformers,
    IReadOnlyList<string> LinesOpened, IReadOnlyList<string> Ties, double LostKw, double RestoredKw, double FloodedKw, int BusesOff,
    IReadOnlyList<string> CriticalBusesOff, double LargestLoadingPercent, int Trials)
{
    public double UnservedKw => Math.Round(LostKw - RestoredKw, 1);

    public int CriticalOff => CriticalBusesOff.Count;
}

public sealed class FloodIsolation(EnergyOptions options, string city)
{
    public const string Kind = "flood-isolation";

    /// <summary>The power flows tried at most per plan: each candidate tie in each round is one.</summary>
    public const int MaxTrials = 400;

    /// <param name="substations">Flooded substations, by local id; those the grid does not have are left out.</param>
    /// <param name="buses">Flooded secondary substations (BusbarSections on a feeder), by local id; likewise.</param>
    /// <returns>Null where none of them is in service in the grid (nothing to isolate).</returns>
    public FloodIsolationPlan? Plan(LiveGridInput input, IReadOnlyCollection<string> substations, IReadOnlyCollection<string> buses)
    {
        var grid = input.Grid;
        var flow = new GridPowerFlow(grid);
        var floodedSubstations = grid.Substations.Select(s => s.Id).Where(substations.Contains).ToList();
        var floodedBuses = grid.Buses.Where(b => b.Feeder is not null && buses.Contains(b.Id)).Select(b => b.Id).ToList();
        var transformers = grid.Transformers.Where(t => t.InService && floodedSubstations.Contains(t.Substation)).Select(t => t.Id).ToList();
        // The feeders' breakers at a flooded substation open too, so a tie picking up a feeder does not feed back into
        // the substation's own busbar; a flooded kiosk is cut off on every side.
        var opened = grid.Feeders.Where(f => floodedSubstations.Contains(f.Substation)).Select(f => f.HeadLine)
            .Concat(grid.Lines.Where(l => l.InService && (floodedBuses.Contains(l.From) || floodedBuses.Contains(l.To))).Select(l => l.Id))
            .Distinct(StringComparer.Ordinal).ToList();
        if (transformers.Count == 0 && opened.Count == 0) return null;
        var outage = new HashSet<string>(transformers.Concat(opened), StringComparer.Ordinal);
        var underWater = floodedBuses.Select(flow.IndexOf).ToHashSet();
        var existing = GridViolations.Find(grid, flow.Solve(input.LoadKw), options, city).Select(v => (v.Kind, v.Element)).ToHashSet();
        var switching = new Dictionary<string, bool>(StringComparer.Ordinal);
        var state = flow.Solve(input.LoadKw, outOfService: outage);
        var lost = state.UnservedKw;
        var ties = new List<string>();
        var trials = 0;
        while (trials < MaxTrials)
        {
            (string Tie, GridState State, double Score)? best = null;
            foreach (var tie in grid.Switches.Where(s => s.Open && !switching.ContainsKey(s.Id)))
            {
                int a = flow.IndexOf(tie.From), b = flow.IndexOf(tie.To);
                // Only a tie between a bus without supply and one with it can pick anything up; none onto a flooded bus.
                if (state.Energised[a] == state.Energised[b] || underWater.Contains(a) || underWater.Contains(b) || trials >= MaxTrials) continue;
                trials++;
                var trial = flow.Solve(input.LoadKw, switching: new Dictionary<string, bool>(switching) { [tie.Id] = false }, outOfService: outage);
                if (trial.Failures.Count > 0 || trial.UnservedKw >= state.UnservedKw - 1e-6) continue;
                if (GridViolations.Find(grid, trial, options, city).Any(v => !existing.Contains((v.Kind, v.Element)))) continue;
                var score = CriticalRestored(input, state, trial) * 1e6 + (state.UnservedKw - trial.UnservedKw);
                if (best is null || score > best.Value.Score) best = (tie.Id, trial, score);
            }
            if (best is not { } chosen) break;
            switching[chosen.Tie] = false;
            ties.Add(chosen.Tie);
            state = chosen.State;
        }
        // A flooded substation's own busbars are meant to be dead: what counts is the load off.
        var off = Enumerable.Range(0, grid.Buses.Count).Where(i => !grid.Buses[i].Source && !state.Energised[i]
            && !(grid.Buses[i].Feeder is null && floodedSubstations.Contains(grid.Buses[i].Substation))).ToList();
        var criticalOff = off.Where(i => input.Critical[i]).Select(i => EntityIds.Create(EntityTypes.BusbarSection, city, grid.Buses[i].Id)).ToList();
        var largest = state.LineLoadingPercent.Concat(state.TransformerLoadingPercent).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        return new FloodIsolationPlan(floodedSubstations, floodedBuses, transformers, opened, ties, Math.Round(lost, 1), Math.Round(lost - state.UnservedKw, 1),
            Math.Round(underWater.Sum(i => Math.Max(0, input.LoadKw[i])), 1), off.Count, criticalOff, Math.Round(largest, 1), trials);
    }

    /// <summary>Critical buses without supply in <paramref name="before"/> that have it in <paramref name="after"/>.</summary>
    private static int CriticalRestored(LiveGridInput input, GridState before, GridState after)
    {
        var count = 0;
        for (var i = 0; i < input.Critical.Length; i++)
            if (input.Critical[i] && !before.Energised[i] && after.Energised[i]) count++;
        return count;
    }

    /// <summary>The plan as one proposal to governance, under the flood's incident, about the first flooded substation (or secondary substation).</summary>
    /// <param name="sites">The impact's sites the plan isolates: when the water reaches the first of them.</param>
    public ActionProposal Propose(FloodIsolationPlan plan, IReadOnlyList<FloodedAsset> sites, FloodImpact impact, DateTimeOffset now)
    {
        var changes = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var t in plan.Transformers)
            changes[EntityIds.Create(EntityTypes.PowerTransformer, city, t)] = new JsonObject { ["inService"] = NgsiAttributes.Property(false) };
        foreach (var line in plan.LinesOpened)
            changes[EntityIds.Create(EntityTypes.ACLineSegment, city, line)] = new JsonObject { ["inService"] = NgsiAttributes.Property(false) };
        foreach (var tie in plan.Ties)
            changes[EntityIds.Create(EntityTypes.Switch, city, tie)] = new JsonObject { ["open"] = NgsiAttributes.Property(false) };
        var target = plan.Substations.Count > 0 ? EntityIds.Create(EntityTypes.Substation, city, plan.Substations[0]) : EntityIds.Create(EntityTypes.BusbarSection, city, plan.Buses[0]);
        var first = sites.Select(s => s.FloodsAt).OfType<DateTimeOffset>().DefaultIfEmpty().Min();
        var when = first == default ? "" : string.Create(CultureInfo.InvariantCulture, $" before the water arrives (first at {first:HH:mm})");
        var what = string.Join(" and ", new[]
        {
            plan.Substations.Count == 0 ? null : plan.Substations.Count == 1 ? $"substation {plan.Substations[0]}" : $"{plan.Substations.Count} substations",
            plan.Buses.Count == 0 ? null : plan.Buses.Count == 1 ? $"secondary substation {plan.Buses[0]}" : $"{plan.Buses.Count} secondary substations",
        }.OfType<string>());
        var critical = plan.CriticalOff == 0 ? "no hospital or shelter left without supply" : $"{plan.CriticalOff} hospital or shelter bus{(plan.CriticalOff == 1 ? "" : "es")} left without supply";
        return new ActionProposal
        {
            Id = $"{Kind}-{impact.Forecast}",
            Type = ReliefKinds.ActionType(Kind),
            Domain = ReliefProposals.Domain,
            Target = target,
            Incident = impact.Incident,
            Summary = string.Create(CultureInfo.InvariantCulture,
                $"Flood forecast at {what}: take {(plan.Substations.Count + plan.Buses.Count == 1 ? "it" : "them")} out of service{when} and close {plan.Ties.Count} normally-open point{(plan.Ties.Count == 1 ? "" : "s")} to pick up {plan.RestoredKw:0} of {plan.LostKw:0} kW; {plan.UnservedKw:0} kW off ({plan.FloodedKw:0} kW of it under water), {critical}"),
            Evidence = JsonSerializer.SerializeToElement(new JsonObject
            {
                ["flood"] = new JsonObject
                {
                    ["forecast"] = impact.Forecast, ["forecastAt"] = impact.At,
                    ["sites"] = JsonSerializer.SerializeToNode(sites, JsonSerializerOptions.Web),
                },
                ["lostKw"] = plan.LostKw, ["restoredKw"] = plan.RestoredKw, ["floodedKw"] = plan.FloodedKw, ["busesOff"] = plan.BusesOff,
                ["criticalBusesOff"] = new JsonArray([.. plan.CriticalBusesOff.Select(b => (JsonNode)b)]),
                ["largestLoadingPercent"] = plan.LargestLoadingPercent,
                ["changes"] = new JsonArray([.. changes.Keys.Select(k => (JsonNode)k)]),
                ["powerFlowTrials"] = plan.Trials,
                ["method"] = "the grid solved with the flooded substations' transformers and feeder breakers and every line into a flooded secondary substation out, then each normally-open point between a bus without supply and one with it (never a flooded one) tried in the power flow; the one restoring most (hospitals and shelters first) closed, until none restores more without overloading an element or passing a voltage limit not already passed",
            }),
            Model = new ModelInfo("grid-power-flow-flood-isolation", "2"),
            Measures = new Dictionary<string, double>
            {
                ["unservedKw"] = plan.UnservedKw,
                ["restoredKw"] = plan.RestoredKw,
                ["criticalUnserved"] = plan.CriticalOff,
                ["tiesClosed"] = plan.Ties.Count,
                ["loadingAfterPercent"] = plan.LargestLoadingPercent,
            },
            Effect = [.. changes.Select(c => new TwinPatch(c.Key, JsonSerializer.SerializeToElement(c.Value)))],
            ProposedAt = now,
            ExpiresAt = now + options.ProposalLifetime,
        };
    }
}
