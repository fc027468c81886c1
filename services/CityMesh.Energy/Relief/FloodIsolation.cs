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
/// A flooded substation's isolation, planned in the power flow: its transformers and its feeders' breakers out of
/// service before the water reaches them (switchgear under water fails, and a controlled outage beats a fault), then the normally-open points
/// that pick up its feeders from neighbouring substations closed one at a time, each time the one that restores most
/// (a hospital's or shelter's bus first), so long as it overloads nothing and violates no voltage that was not already
/// violated. What no tie can reach stays off and is reported, critical buses named apart.
/// </summary>
/// <param name="Transformers">The substation's transformers, by local id: what goes out of service.</param>
/// <param name="FeederHeads">The head lines of its feeders (their breakers at the substation), by local id: opened.</param>
/// <param name="Ties">The normally-open points closed, in the order chosen.</param>
/// <param name="LostKw">The load its outage would cut off with nothing closed.</param>
/// <param name="RestoredKw">Of that, what the ties pick up.</param>
/// <param name="CriticalOff">Hospitals' or shelters' buses still without supply after the ties.</param>
public sealed record FloodIsolationPlan(string Substation, IReadOnlyList<string> Transformers, IReadOnlyList<string> FeederHeads, IReadOnlyList<string> Ties, double LostKw, double RestoredKw,
    int BusesOff, int CriticalOff, IReadOnlyList<string> CriticalBusesOff, double LargestLoadingPercent, int Trials)
{
    public double UnservedKw => LostKw - RestoredKw;
}

public sealed class FloodIsolation(EnergyOptions options, string city)
{
    public const string Kind = "flood-isolation";

    /// <summary>The power flows tried at most per substation: each candidate tie in each round is one.</summary>
    public const int MaxTrials = 400;

    /// <returns>Null where the grid has no such substation or no transformer in service at it (nothing to isolate).</returns>
    public FloodIsolationPlan? Plan(LiveGridInput input, string substation)
    {
        var grid = input.Grid;
        var transformers = grid.Transformers.Where(t => t.Substation == substation && t.InService).Select(t => t.Id).ToList();
        if (transformers.Count == 0) return null;
        // The feeders' breakers at the flooded substation open too, so a tie picking up a feeder does not feed back into
        // the substation's own busbar.
        var heads = grid.Feeders.Where(f => f.Substation == substation).Select(f => f.HeadLine).ToList();
        var flow = new GridPowerFlow(grid);
        var outage = new HashSet<string>(transformers.Concat(heads), StringComparer.Ordinal);
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
                // Only a tie between a bus without supply and one with it can pick anything up.
                if (state.Energised[a] == state.Energised[b] || trials >= MaxTrials) continue;
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
        // The flooded substation's own busbars are meant to be dead: what counts is the load off.
        var off = Enumerable.Range(0, grid.Buses.Count).Where(i => !grid.Buses[i].Source && !state.Energised[i]
            && !(grid.Buses[i].Substation == substation && grid.Buses[i].Feeder is null)).ToList();
        var criticalOff = off.Where(i => input.Critical[i]).Select(i => EntityIds.Create(EntityTypes.BusbarSection, city, grid.Buses[i].Id)).ToList();
        var largest = state.LineLoadingPercent.Concat(state.TransformerLoadingPercent).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        return new FloodIsolationPlan(substation, transformers, heads, ties, Math.Round(lost, 1), Math.Round(lost - state.UnservedKw, 1), off.Count, criticalOff.Count,
            criticalOff, Math.Round(largest, 1), trials);
    }

    /// <summary>Critical buses without supply in <paramref name="before"/> that have it in <paramref name="after"/>.</summary>
    private static int CriticalRestored(LiveGridInput input, GridState before, GridState after)
    {
        var count = 0;
        for (var i = 0; i < input.Critical.Length; i++)
            if (input.Critical[i] && !before.Energised[i] && after.Energised[i]) count++;
        return count;
    }

    /// <summary>The plan as a proposal to governance, under the flood's incident.</summary>
    public ActionProposal Propose(FloodIsolationPlan plan, FloodedAsset site, FloodImpact impact, DateTimeOffset now)
    {
        var substation = EntityIds.Create(EntityTypes.Substation, city, plan.Substation);
        var changes = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var t in plan.Transformers)
            changes[EntityIds.Create(EntityTypes.PowerTransformer, city, t)] = new JsonObject { ["inService"] = NgsiAttributes.Property(false) };
        foreach (var head in plan.FeederHeads)
            changes[EntityIds.Create(EntityTypes.ACLineSegment, city, head)] = new JsonObject { ["inService"] = NgsiAttributes.Property(false) };
        foreach (var tie in plan.Ties)
            changes[EntityIds.Create(EntityTypes.Switch, city, tie)] = new JsonObject { ["open"] = NgsiAttributes.Property(false) };
        var when = site.FloodsAt is { } at ? string.Create(CultureInfo.InvariantCulture, $" before the water arrives at {at:HH:mm}") : "";
        var critical = plan.CriticalOff == 0 ? "no hospital or shelter left without supply" : $"{plan.CriticalOff} hospital or shelter bus{(plan.CriticalOff == 1 ? "" : "es")} left without supply";
        return new ActionProposal
        {
            Id = $"{Kind}-{plan.Substation}-{impact.Forecast}",
            Type = ReliefKinds.ActionType(Kind),
            Domain = ReliefProposals.Domain,
            Target = substation,
            Incident = impact.Incident,
            Summary = string.Create(CultureInfo.InvariantCulture,
                $"Flood forecast at substation {plan.Substation} ({site.MaxDepthMetres:0.00} m): take it out of service{when} and close {plan.Ties.Count} normally-open point{(plan.Ties.Count == 1 ? "" : "s")} to pick up {plan.RestoredKw:0} of {plan.LostKw:0} kW; {plan.UnservedKw:0} kW off, {critical}"),
            Evidence = JsonSerializer.SerializeToElement(new JsonObject
            {
                ["flood"] = new JsonObject
                {
                    ["forecast"] = impact.Forecast, ["forecastAt"] = impact.At, ["site"] = site.Entity, ["maxDepthMetres"] = site.MaxDepthMetres,
                    ["floodsAt"] = site.FloodsAt is { } f ? JsonValue.Create(f) : null,
                },
                ["lostKw"] = plan.LostKw, ["restoredKw"] = plan.RestoredKw, ["busesOff"] = plan.BusesOff,
                ["criticalBusesOff"] = new JsonArray([.. plan.CriticalBusesOff.Select(b => (JsonNode)b)]),
                ["largestLoadingPercent"] = plan.LargestLoadingPercent,
                ["changes"] = new JsonArray([.. changes.Keys.Select(k => (JsonNode)k)]),
                ["powerFlowTrials"] = plan.Trials,
                ["method"] = "the grid solved with the substation's transformers and feeder breakers out, then each normally-open point between a bus without supply and one with it tried in the power flow; the one restoring most (hospitals and shelters first) closed, until none restores more without overloading an element or passing a voltage limit not already passed",
            }),
            Model = new ModelInfo("grid-power-flow-flood-isolation", "1"),
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
