namespace CityMesh.Simulation.Evacuation;

/// <summary>
/// Who leaves when and for which shelter, settled before the first step: each group's people get their departure
/// (the group's start plus a delay from the response curve at a draw of (seed, person)) and are lined up at their
/// door in that order; then, in order of departure over the whole city, each is sent to a shelter by the rule among
/// the shelters their group may use (any, when none of those can be reached). People who can reach no shelter at
/// all are stranded from the start.
/// </summary>
internal static class Departures
{
    /// <summary>The counter-random stream of the departure draws.</summary>
    public const uint Stream = 9;

    public static void Plan(EvacuationState s, WalkwayRoutes routes, IReadOnlyList<EvacueeGroup> groups, IReadOnlyList<StreetWalker> walkers, EvacuationOptions options)
    {
        int person = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            s.GroupFirst[g] = person;
            for (int k = 0; k < groups[g].People; k++, person++)
            {
                s.GroupOf[person] = g;
                s.Depart[person] = groups[g].StartSeconds + options.Response.DelayFor(options.Seed, person);
                s.Status[person] = PersonStatus.Waiting;
            }
            s.GroupNext[g] = s.GroupFirst[g];
        }
        s.GroupFirst[groups.Count] = person;
        for (int i = 0; i < person; i++) s.Order[i] = i;
        // A group's people leave its door in order of departure (ties: the lower index first).
        for (int g = 0; g < groups.Count; g++)
            Array.Sort(s.Order, s.GroupFirst[g], s.GroupFirst[g + 1] - s.GroupFirst[g], Comparer<int>.Create((a, b) =>
            {
                int byTime = s.Depart[a].CompareTo(s.Depart[b]);
                return byTime != 0 ? byTime : a.CompareTo(b);
            }));
        foreach (var walker in walkers)
        {
            s.GroupOf[person] = -1;
            s.Link[person] = walker.Link;
            s.Toward[person] = walker.Toward;
            s.Remaining[person] = walker.Remaining;
            s.Status[person] = PersonStatus.Walking;
            s.Walkers[walker.Link]++;
            person++;
        }
        for (int i = 0; i < s.People; i++) s.ByStatus[(int)s.Status[i]]++;
        Assign(s, routes, groups, options.Rule);
    }

    private static void Assign(EvacuationState s, WalkwayRoutes routes, IReadOnlyList<EvacueeGroup> groups, ShelterRule rule)
    {
        var byDeparture = Enumerable.Range(0, s.People).OrderBy(i => s.Status[i] == PersonStatus.Walking ? 0 : s.Depart[i]).ThenBy(i => i).ToArray();
        var reserved = new int[s.ShelterNode.Length];
        var any = Enumerable.Range(0, s.ShelterNode.Length).ToArray();
        foreach (int i in byDeparture)
        {
            int g = s.GroupOf[i];
            int node = g >= 0 ? s.GroupNode[g] : s.Toward[i];
            var allowed = g >= 0 && groups[g].Shelters is { } listed ? listed : (IReadOnlyList<int>)any;
            int shelter = Choose(allowed, node, routes, rule, s.Capacity, reserved);
            if (shelter < 0 && !ReferenceEquals(allowed, any)) shelter = Choose(any, node, routes, rule, s.Capacity, reserved);
            if (shelter < 0)
            {
                s.ShelterOf[i] = -1;
                s.SetStatus(i, PersonStatus.Stranded);
                if (s.Link[i] >= 0) s.Walkers[s.Link[i]]--;
                s.Link[i] = -1;
                continue;
            }
            s.ShelterOf[i] = shelter;
            reserved[shelter]++;
        }
    }

    /// <summary>The nearest reachable shelter of <paramref name="allowed"/>; by NearestWithRoom, the nearest not yet full of those sent before, if any.</summary>
    private static int Choose(IReadOnlyList<int> allowed, int node, WalkwayRoutes routes, ShelterRule rule, int[] capacity, int[] reserved)
    {
        int nearest = -1, withRoom = -1;
        double nearestDistance = double.PositiveInfinity, roomDistance = double.PositiveInfinity;
        foreach (int k in allowed)
        {
            double d = routes.DistanceTo(k, node);
            if (double.IsPositiveInfinity(d)) continue;
            if (d < nearestDistance) (nearest, nearestDistance) = (k, d);
            if (reserved[k] < capacity[k] && d < roomDistance) (withRoom, roomDistance) = (k, d);
        }
        return rule == ShelterRule.NearestWithRoom && withRoom >= 0 ? withRoom : nearest;
    }
}
