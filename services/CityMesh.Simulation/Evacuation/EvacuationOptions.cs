namespace CityMesh.Simulation.Evacuation;

/// <summary>The run: its length and step, the walking model's parameters, the departures and closures (README.md).</summary>
public sealed record EvacuationOptions
{
    /// <summary>Simulated seconds at most; the run also ends when no one is left to move.</summary>
    public double Seconds { get; init; } = 3 * 3600;

    /// <summary>
    /// Step, s. Walkers move v · dt a step and carry what they overshoot a link's end into the next, so a free walk's
    /// time does not depend on it; capacities are budgets per second, carried over in fractions.
    /// </summary>
    public double StepSeconds { get; init; } = 0.5;

    public FundamentalDiagram Walking { get; init; } = new();

    /// <summary>
    /// The most people that pass through a metre of width a second at a door, a link's end or a shelter's entrance:
    /// 1.3 persons/(m·s), the maximum specific flow of corridors and doorways in the SFPE Handbook's hydraulic model
    /// (Gwynne and Rosenbaum, "Employing the hydraulic model in assessing emergency movement").
    /// </summary>
    public double MaxSpecificFlow { get; init; } = 1.3;

    /// <summary>
    /// Below this walking speed a walkway's crowd stands (Weidmann's speed falls under 0.1 m/s above 4.45 /m² and
    /// is 0 at ρmax): its walkers join the line at their end, which then moves as its head passes on. Without it a
    /// link packed to ρmax would hold walkers that never reach its end. A modelling threshold, not a published one.
    /// </summary>
    public double JamSpeed { get; init; } = 0.1;

    /// <summary>
    /// A link counts as crowded (a bottleneck) while its density is at least this, persons/m²: 2.17, the start of
    /// Fruin's level of service F for walkways (under 0.46 m² a person: shuffling, frequent contact).
    /// </summary>
    public double CrowdedDensity { get; init; } = 2.17;

    /// <summary>Shelter occupancy and the counts are sampled this often, s (and at the end).</summary>
    public double SampleSeconds { get; init; } = 60;

    public ResponseCurve Response { get; init; } = new();

    public ShelterRule Rule { get; init; } = ShelterRule.Nearest;

    /// <summary>Seeds the departure delays.</summary>
    public ulong Seed { get; init; } = 1;

    public IReadOnlyList<WalkwayClosure> Closures { get; init; } = [];

    /// <summary>The most people a link holds: the maximum density over its area, and at least one, so a short link still passes people.</summary>
    public static int Storage(WalkwayGraph graph, int link, double maxDensity) =>
        Math.Max(1, (int)Math.Min(int.MaxValue / 4, Math.Floor(maxDensity * graph.Length[link] * graph.Width[link])));

    /// <summary>Each problem with the run's inputs, naming the field; empty when it can start.</summary>
    public IReadOnlyList<string> Problems(WalkwayGraph graph, IReadOnlyList<Shelter> shelters, IReadOnlyList<EvacueeGroup> groups, IReadOnlyList<StreetWalker> walkers,
        IReadOnlyList<ShelterArrival>? arrivals = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var problems = new List<string>(graph.Problems());
        if (problems.Count > 0) return problems;
        if (!(Seconds > 0) || Seconds > 30 * 86_400) problems.Add($"seconds must be in (0, 2592000], not {Seconds}");
        if (!(StepSeconds > 0) || StepSeconds > 10) problems.Add($"stepSeconds must be in (0, 10], not {StepSeconds}");
        problems.AddRange(Walking?.Problems("walking") ?? ["walking is missing"]);
        if (!(JamSpeed >= 0) || JamSpeed >= (Walking?.FreeSpeed ?? 0)) problems.Add($"jamSpeed must be in [0, walking.freeSpeed) m/s, not {JamSpeed}");
        if (!(MaxSpecificFlow > 0) || MaxSpecificFlow > 10) problems.Add($"maxSpecificFlow must be in (0, 10] persons/(m·s), not {MaxSpecificFlow}");
        if (!(CrowdedDensity > 0) || double.IsInfinity(CrowdedDensity)) problems.Add($"crowdedDensity must be a finite number > 0, not {CrowdedDensity}");
        if (!(SampleSeconds > 0) || double.IsInfinity(SampleSeconds)) problems.Add($"sampleSeconds must be a finite number > 0, not {SampleSeconds}");
        else if (Seconds / SampleSeconds > 1_000_000) problems.Add($"sampleSeconds {SampleSeconds} gives more than a million samples over {Seconds} s");
        problems.AddRange(Response?.Problems("response") ?? ["response is missing"]);
        if (!Enum.IsDefined(Rule)) problems.Add($"rule must be Nearest or NearestWithRoom, not {Rule}");
        if (shelters is null || shelters.Count == 0) problems.Add("shelters must name at least one shelter");
        for (int s = 0; s < (shelters?.Count ?? 0); s++)
        {
            var shelter = shelters![s];
            if ((uint)shelter.Node >= (uint)graph.NodeCount) problems.Add($"shelters[{s}] ('{shelter.Name}').node must be a node of {graph.NodeCount}, not {shelter.Node}");
            if (shelter.Capacity < 0) problems.Add($"shelters[{s}] ('{shelter.Name}').capacity must be ≥ 0, not {shelter.Capacity}");
            if (!(shelter.DoorWidth > 0) || shelter.DoorWidth > 1000) problems.Add($"shelters[{s}] ('{shelter.Name}').doorWidth must be in (0, 1000] m, not {shelter.DoorWidth}");
        }
        long people = 0;
        for (int g = 0; g < (groups?.Count ?? 0); g++)
        {
            var group = groups![g];
            if ((uint)group.Node >= (uint)graph.NodeCount) problems.Add($"groups[{g}] ('{group.Name}').node must be a node of {graph.NodeCount}, not {group.Node}");
            if (group.People < 0) problems.Add($"groups[{g}] ('{group.Name}').people must be ≥ 0, not {group.People}");
            if (!(group.DoorWidth > 0) || group.DoorWidth > 1000) problems.Add($"groups[{g}] ('{group.Name}').doorWidth must be in (0, 1000] m, not {group.DoorWidth}");
            if (!(group.StartSeconds >= 0) || double.IsInfinity(group.StartSeconds)) problems.Add($"groups[{g}] ('{group.Name}').startSeconds must be a finite number ≥ 0, not {group.StartSeconds}");
            foreach (int s in group.Shelters ?? [])
                if ((uint)s >= (uint)(shelters?.Count ?? 0)) problems.Add($"groups[{g}] ('{group.Name}').shelters names shelter {s}; there are {shelters?.Count ?? 0}");
            if (group.Shelters is { Count: 0 }) problems.Add($"groups[{g}] ('{group.Name}').shelters must name at least one shelter, or be null for any");
            people += Math.Max(0, group.People);
        }
        for (int w = 0; w < (walkers?.Count ?? 0); w++)
        {
            var walker = walkers![w];
            if ((uint)walker.Link >= (uint)graph.LinkCount) { problems.Add($"walkers[{w}].link must be a link of {graph.LinkCount}, not {walker.Link}"); continue; }
            if (walker.Toward != graph.From[walker.Link] && walker.Toward != graph.To[walker.Link])
                problems.Add($"walkers[{w}].toward must be an end of link {walker.Link} ({graph.From[walker.Link]} or {graph.To[walker.Link]}), not {walker.Toward}");
            if (!(walker.Remaining >= 0) || walker.Remaining > graph.Length[walker.Link])
                problems.Add($"walkers[{w}].remaining must be in [0, {graph.Length[walker.Link]}] m (the link's length), not {walker.Remaining}");
        }
        var onLink = new Dictionary<int, int>();
        foreach (var walker in walkers ?? [])
            if ((uint)walker.Link < (uint)graph.LinkCount) onLink[walker.Link] = onLink.GetValueOrDefault(walker.Link) + 1;
        foreach (var (link, count) in onLink.OrderBy(p => p.Key))
            if (count > Storage(graph, link, Walking?.MaxDensity ?? 0))
            {
                problems.Add($"walkers put {count} people on link {link}, more than its {Storage(graph, link, Walking!.MaxDensity)} at the maximum density");
                break;
            }
        if (people + (walkers?.Count ?? 0) > 50_000_000) problems.Add($"groups and walkers hold {people + (walkers?.Count ?? 0):N0} people; at most 50,000,000");
        for (int a = 0; a < (arrivals?.Count ?? 0); a++)
        {
            var arrival = arrivals![a];
            if ((uint)arrival.Shelter >= (uint)(shelters?.Count ?? 0)) problems.Add($"arrivals[{a}].shelter must be a shelter of {shelters?.Count ?? 0}, not {arrival.Shelter}");
            if (!(arrival.Seconds >= 0) || double.IsInfinity(arrival.Seconds)) problems.Add($"arrivals[{a}].seconds must be a finite number ≥ 0, not {arrival.Seconds}");
            if (arrival.People < 0) problems.Add($"arrivals[{a}].people must be ≥ 0, not {arrival.People}");
            if (problems.Count >= 20) break;
        }
        for (int c = 0; c < Closures.Count; c++)
        {
            if ((uint)Closures[c].Link >= (uint)graph.LinkCount) problems.Add($"closures[{c}].link must be a link of {graph.LinkCount}, not {Closures[c].Link}");
            if (!(Closures[c].AtSeconds >= 0) || double.IsInfinity(Closures[c].AtSeconds)) problems.Add($"closures[{c}].atSeconds must be a finite number ≥ 0, not {Closures[c].AtSeconds}");
        }
        return problems;
    }
}
