using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// What the spec says about a grid, applied to whatever source read it: the kind of load of each bus (loads.buses', else
/// the source's, else loads.defaultKind), the critical buses (the source's and the named), the feeders (named, else the
/// source's, else every branch in service out of the slack), the transformers named besides the source's, and the
/// ratings (the source's, 0 replaced by ratings.defaultMva, none where no rating applies, then ratings.branches). A
/// bus or branch the grid lacks is refused naming the field.
/// </summary>
public static class EnergyGridSetup
{
    public static EnergyGrid Apply(EnergyGrid grid, EnergySpec spec)
    {
        const string at = "spec.energy";
        var kinds = new Dictionary<int, string>();
        for (int i = 0; i < spec.Loads.Buses.Count; i++)
        {
            var entry = spec.Loads.Buses[i];
            Bus(grid, entry.Bus, $"{at}.loads.buses[{i}].bus");
            kinds[entry.Bus!.Value] = entry.Kind;
        }
        var critical = new HashSet<int>();
        for (int i = 0; i < spec.Grid!.CriticalBuses.Count; i++)
        {
            Bus(grid, spec.Grid.CriticalBuses[i], $"{at}.grid.criticalBuses[{i}]");
            critical.Add(spec.Grid.CriticalBuses[i]);
        }
        var buses = grid.Buses.Select(b => b with
        {
            LoadKind = kinds.GetValueOrDefault(b.Id) ?? (b.LoadKind.Length > 0 ? b.LoadKind : spec.Loads.DefaultKind),
            Critical = b.Critical || critical.Contains(b.Id),
        }).ToList();

        var transformer = grid.Transformer.ToArray();
        for (int i = 0; i < spec.Grid.Transformers.Count; i++)
            transformer[Branch(grid, spec.Grid.Transformers[i].FromBus, spec.Grid.Transformers[i].ToBus, $"{at}.grid.transformers[{i}]")] = true;

        var feeders = spec.Grid.Feeders.Select((f, i) => new GridFeeder(f.Name, Branch(grid, f.FromBus, f.ToBus, $"{at}.grid.feeders[{i}]"))).ToList();
        if (feeders.Count == 0) feeders.AddRange(grid.Feeders);
        if (feeders.Count == 0)
        {
            int slack = grid.Power.Slack.Id;
            for (int k = 0; k < grid.Power.Branches.Count; k++)
            {
                var b = grid.Power.Branches[k];
                if (b.InService && (b.From == slack || b.To == slack)) feeders.Add(new GridFeeder($"feeder-{(b.From == slack ? b.To : b.From)}", k));
            }
        }

        // NaN: a link the source added (no plant), left unrated so it is never loaded.
        var rating = grid.RatingMva.Select(r => r > 0 ? r : double.IsNaN(r) ? 0 : spec.Ratings.DefaultMva).ToArray();
        for (int i = 0; i < spec.Ratings.Branches.Count; i++)
        {
            var r = spec.Ratings.Branches[i];
            rating[Branch(grid, r.FromBus, r.ToBus, $"{at}.ratings.branches[{i}]")] = r.Mva ?? spec.Ratings.DefaultMva;
        }
        return grid with { Buses = buses, Feeders = feeders, Transformer = transformer, RatingMva = rating };
    }

    /// <summary>The index of a bus the spec names, or a refusal naming <paramref name="field"/>.</summary>
    public static int Bus(EnergyGrid grid, int? id, string field) =>
        id is { } bus && grid.BusIndex(bus) is var i and >= 0 ? i
            : throw new ScenarioInputException(field, $"bus {id} is not in the grid ({grid.Power.Name}: buses {grid.Power.Buses[0].Id}–{grid.Power.Buses[^1].Id}).");

    /// <summary>The index of a branch the spec names by its buses, or a refusal naming <paramref name="field"/>.</summary>
    public static int Branch(EnergyGrid grid, int? from, int? to, string field) =>
        from is { } f && to is { } t && grid.BranchIndex(f, t) is var k and >= 0 ? k
            : throw new ScenarioInputException(field, $"no branch joins buses {from} and {to} in the grid ({grid.Power.Name}).");
}
