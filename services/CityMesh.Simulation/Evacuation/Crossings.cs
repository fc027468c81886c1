namespace CityMesh.Simulation.Evacuation;

/// <summary>
/// Passing a node: into a shelter (through its entrance, while it has room), or onto the next link of the route
/// (out of the link's end or the group's door, into a link that has room and supply). A person turned away by a
/// full shelter heads for the nearest shelter with room; one whose route a closure cut, for the nearest they can
/// still reach. Each pass spends one person of every budget it goes through, and happens only when each holds one.
/// </summary>
internal sealed class Crossings(EvacuationState state, WalkwayRoutes routes)
{
    /// <summary>
    /// Person <paramref name="i"/> at <paramref name="node"/> tries to pass, spending <paramref name="outBudget"/>
    /// (the end's or the door's); <paramref name="carry"/> is how far they overshot into the step (≤ 0 m). True when
    /// they left where they were (onto a link, into a shelter, or out of the walk: turned away everywhere, cut off).
    /// </summary>
    public bool Pass(int i, int node, ref double outBudget, double carry, double arrival)
    {
        var s = state;
        int shelter = s.ShelterOf[i];
        while (true)
        {
            if (node == s.ShelterNode[shelter])
            {
                if (s.Occupancy[shelter] < s.Capacity[shelter])
                {
                    if (outBudget < 1 || s.EntranceBudget[shelter] < 1) return false;
                    outBudget -= 1;
                    s.EntranceBudget[shelter] -= 1;
                    s.Occupancy[shelter]++;
                    s.Arrival[i] = arrival;
                    s.Link[i] = -1;
                    s.SetStatus(i, PersonStatus.Sheltered);
                    return true;
                }
                s.TurnedAway[shelter]++;
                int other = Nearest(node, withRoom: true);
                if (other < 0)
                {
                    s.Link[i] = -1;
                    s.SetStatus(i, PersonStatus.Unsheltered);
                    return true;
                }
                s.ShelterOf[i] = shelter = other;
                continue;
            }
            int next = routes.NextLink(shelter, node);
            if (next < 0)
            {
                // A closure cut the route: the nearest shelter still reachable, with room if one has it.
                int other = Nearest(node, withRoom: true);
                if (other < 0) other = Nearest(node, withRoom: false);
                if (other < 0 || other == shelter)
                {
                    s.Link[i] = -1;
                    s.SetStatus(i, PersonStatus.Stranded);
                    return true;
                }
                s.ShelterOf[i] = shelter = other;
                continue;
            }
            if (outBudget < 1 || s.EntryBudget[next] < 1 || s.OnLink(next) >= s.Storage[next]) return false;
            outBudget -= 1;
            s.EntryBudget[next] -= 1;
            s.Link[i] = next;
            s.Toward[i] = s.Graph.Other(next, node);
            s.Remaining[i] = Math.Max(0, s.Graph.Length[next] + carry);
            s.Walkers[next]++;
            s.SetStatus(i, PersonStatus.Walking);
            return true;
        }
    }

    /// <summary>The shelter nearest <paramref name="node"/> by walking distance that can be reached (and has room); −1 when none.</summary>
    public int Nearest(int node, bool withRoom)
    {
        int best = -1;
        double bestDistance = double.PositiveInfinity;
        for (int k = 0; k < state.ShelterNode.Length; k++)
        {
            double d = routes.DistanceTo(k, node);
            if (d < bestDistance && (!withRoom || state.Occupancy[k] < state.Capacity[k])) (best, bestDistance) = (k, d);
        }
        return best;
    }
}
