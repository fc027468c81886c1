namespace CityMesh.Simulation.Evacuation;

/// <summary>How a person's try to pass a node went.</summary>
internal enum PassOutcome
{
    /// <summary>They left where they were.</summary>
    Passed,
    /// <summary>A budget (a door's, an end's, a shelter's entrance, the next link's supply) is spent this step.</summary>
    Waiting,
    /// <summary>The next link holds all it can: only a swap with someone coming the other way lets them on.</summary>
    Full,
}

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
    public PassOutcome Pass(int i, int node, ref double outBudget, double carry, double arrival, out int next)
    {
        next = -1;
        var s = state;
        int shelter = s.ShelterOf[i];
        while (true)
        {
            if (node == s.ShelterNode[shelter])
            {
                if (s.Occupancy[shelter] < s.Capacity[shelter])
                {
                    if (outBudget < 1 || s.EntranceBudget[shelter] < 1) return PassOutcome.Waiting;
                    outBudget -= 1;
                    s.EntranceBudget[shelter] -= 1;
                    s.Occupancy[shelter]++;
                    s.Arrival[i] = arrival;
                    s.Link[i] = -1;
                    s.SetStatus(i, PersonStatus.Sheltered);
                    return PassOutcome.Passed;
                }
                s.TurnedAway[shelter]++;
                int other = Nearest(node, withRoom: true);
                if (other < 0)
                {
                    s.Link[i] = -1;
                    s.SetStatus(i, PersonStatus.Unsheltered);
                    return PassOutcome.Passed;
                }
                s.ShelterOf[i] = shelter = other;
                continue;
            }
            next = routes.NextLink(shelter, node);
            if (next < 0)
            {
                // A closure cut the route: the nearest shelter still reachable, with room if one has it.
                int other = Nearest(node, withRoom: true);
                if (other < 0) other = Nearest(node, withRoom: false);
                if (other < 0 || other == shelter)
                {
                    s.Link[i] = -1;
                    s.SetStatus(i, PersonStatus.Stranded);
                    return PassOutcome.Passed;
                }
                s.ShelterOf[i] = shelter = other;
                continue;
            }
            // Turning back into the link they are in (a full shelter's door) takes no room: they are on it already.
            bool back = next == s.Link[i];
            if (outBudget < 1 || (!back && s.EntryBudget[next] < 1)) return PassOutcome.Waiting;
            if (!back && s.OnLink(next) >= s.Storage[next]) return PassOutcome.Full;
            outBudget -= 1;
            if (!back) s.EntryBudget[next] -= 1;
            Enter(i, next, node, carry);
            return PassOutcome.Passed;
        }
    }

    /// <summary>
    /// The head of line <paramref name="queue"/> (person <paramref name="i"/>) and the head of the line coming the other
    /// way out of the full link <paramref name="next"/> at <paramref name="node"/>, when that one wants the link
    /// <paramref name="i"/> is on, pass each other: both links keep their numbers, so two full links facing each other
    /// never lock (people squeeze past in a crowd; a queue model without it gridlocks on any counter-flow). Each spends
    /// its end's budget; not the links' supply, which bounds how fast a link fills, as a swap does not. False when
    /// there is no such person or an end's budget is spent.
    /// </summary>
    public bool Swap(int i, int queue, int next, int node)
    {
        var s = state;
        int link = queue >> 1, other = s.End(next, node);
        if (other == queue || s.QueueCount[other] == 0) return false;
        int j = s.Head(other);
        int shelter = s.ShelterOf[j];
        if (node == s.ShelterNode[shelter] || routes.NextLink(shelter, node) != link) return false;
        if (s.ExitBudget[queue] < 1 || s.ExitBudget[other] < 1 || s.Closed[link]) return false;
        s.ExitBudget[queue] -= 1;
        s.ExitBudget[other] -= 1;
        s.Dequeue(queue);
        s.Dequeue(other);
        s.Passed[link]++;
        s.Passed[next]++;
        Enter(i, next, node, 0);
        Enter(j, link, node, 0);
        return true;
    }

    private void Enter(int i, int link, int node, double carry)
    {
        var s = state;
        s.Link[i] = link;
        s.Toward[i] = s.Graph.Other(link, node);
        s.Remaining[i] = Math.Max(0, s.Graph.Length[link] + carry);
        s.Walkers[link]++;
        s.SetStatus(i, PersonStatus.Walking);
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
