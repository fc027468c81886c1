namespace CityMesh.Simulation.Energy.Twin;

/// <summary>
/// A MATPOWER case as a city grid, for <c>citymesh energy import</c>: each bus a <c>BusbarSection</c> (the slack the
/// source, as its substation), each in-service branch a line (or a transformer where it has a tap or joins two
/// voltages), each out-of-service branch a normally-open switch (the Baran &amp; Wu feeders' tie lines), and each branch
/// leaving the slack a feeder. Impedances go back from per unit to ohm on the from bus's voltage; loads become peak
/// demands. Cases have no coordinates, so the elements have no location.
/// </summary>
public static class MatpowerGrid
{
    /// <param name="name">The local-id prefix of every element (the case's name, as the import is told).</param>
    public static CityGrid From(PowerGrid grid, string name)
    {
        string BusId(int bus) => $"{name}-bus{bus}";
        var slack = grid.Slack;
        var kv = grid.Buses.ToDictionary(b => b.Id, b => b.BaseKv);
        var substation = new GridSubstation(name, name, grid.Branches.Where(b => b.From == slack.Id || b.To == slack.Id).Sum(b => b.RateA) * 1000);
        // Which feeder each bus is on: the branch out of the slack it is reached through, in service only.
        var feederOf = new Dictionary<int, string>();
        var adjacent = grid.Buses.ToDictionary(b => b.Id, _ => new List<int>());
        foreach (var br in grid.Branches.Where(b => b.InService))
        {
            adjacent[br.From].Add(br.To);
            adjacent[br.To].Add(br.From);
        }
        var feeders = new List<GridFeeder>();
        var lines = new List<GridLine>();
        var transformers = new List<GridTransformer>();
        var switches = new List<GridSwitch>();
        var headOf = new Dictionary<int, int>();
        for (var k = 0; k < grid.Branches.Count; k++)
        {
            var br = grid.Branches[k];
            if (!br.InService || (br.From != slack.Id && br.To != slack.Id)) continue;
            var first = br.From == slack.Id ? br.To : br.From;
            if (feederOf.ContainsKey(first)) continue;
            var feeder = $"{name}-f{feeders.Count + 1}";
            headOf[k] = feeders.Count;
            feeders.Add(new GridFeeder(feeder, name, $"{name} feeder {feeders.Count + 1}", BusId(slack.Id), $"{name}-br{k + 1}", br.RateA * 1000));
            var queue = new Queue<int>([first]);
            feederOf[first] = feeder;
            while (queue.Count > 0)
                foreach (var next in adjacent[queue.Dequeue()])
                    if (next != slack.Id && feederOf.TryAdd(next, feeder)) queue.Enqueue(next);
        }
        for (var k = 0; k < grid.Branches.Count; k++)
        {
            var br = grid.Branches[k];
            var id = $"{name}-br{k + 1}";
            var zBase = kv[br.From] * kv[br.From] / grid.BaseMva;
            if (!br.InService)
                switches.Add(new GridSwitch($"{name}-sw{k + 1}", BusId(br.From), BusId(br.To), br.R * zBase, br.X * zBase, br.RateA * 1000, true, true));
            else if (br.IsTransformer || kv[br.From] != kv[br.To])
                transformers.Add(new GridTransformer(id, name, BusId(br.From), BusId(br.To), Math.Max(br.RateA, grid.BaseMva) * 1000,
                    br.R * Math.Max(br.RateA, grid.BaseMva) / grid.BaseMva, br.X * Math.Max(br.RateA, grid.BaseMva) / grid.BaseMva));
            else
                lines.Add(new GridLine(id, BusId(br.From), BusId(br.To), br.R * zBase, br.X * zBase, br.RateA * 1000, 0,
                    feederOf.GetValueOrDefault(br.From == slack.Id ? br.To : br.From)));
        }
        var buses = grid.Buses.Select(b => new GridBus(BusId(b.Id), name, b.BaseKv, null, feederOf.GetValueOrDefault(b.Id),
            b.Type == BusType.Slack, b.Type == BusType.Slack ? grid.Generators.FirstOrDefault(g => g.Bus == b.Id && g.InService)?.Vg ?? b.Vm : 1,
            b.Pd * 1000, false, $"{name} bus {b.Id}")).ToList();
        return new CityGrid([substation], buses, lines, transformers, switches, feeders);
    }

    /// <summary>
    /// Each bus's load in the case, kW and kvar, in <paramref name="city"/>'s bus order (the grid <see cref="From"/> made
    /// of the case, as written or as read back from the twin): what the case solves at.
    /// </summary>
    public static (double[] Kw, double[] Kvar) CaseLoads(PowerGrid grid, CityGrid city, string name)
    {
        var byId = grid.Buses.ToDictionary(b => $"{name}-bus{b.Id}");
        return ([.. city.Buses.Select(b => byId[b.Id].Pd * 1000)], [.. city.Buses.Select(b => byId[b.Id].Qd * 1000)]);
    }
}
