namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// The grid in service as a tree hanging from the slack bus, when it is one: every bus reached from the slack by exactly
/// one path of in-service branches (n − 1 of them, no loop, nothing cut off). Open branches, such as a feeder's normally
/// open tie switches, are not part of it. Buses are listed root first, each after its parent (breadth first), so a
/// backward sweep walks the list from its end and a forward sweep from its start.
/// </summary>
internal sealed class FeederTree
{
    private FeederTree(int[] order, int[] parent, int[] parentBranch)
    {
        Order = order;
        Parent = parent;
        ParentBranch = parentBranch;
    }

    /// <summary>Bus indices, the slack first, every bus after its parent.</summary>
    public int[] Order { get; }

    /// <summary>Each bus's parent bus index; -1 at the slack.</summary>
    public int[] Parent { get; }

    /// <summary>The branch joining each bus to its parent; -1 at the slack.</summary>
    public int[] ParentBranch { get; }

    /// <summary>The tree, or null when the branches in service do not form one from the slack.</summary>
    public static FeederTree? Of(PowerNetwork net)
    {
        int n = net.BusCount;
        int inService = net.InService.Count(s => s);
        if (inService != n - 1) return null;
        var adjacent = new List<int>[n];
        for (int i = 0; i < n; i++) adjacent[i] = [];
        for (int k = 0; k < net.From.Length; k++)
            if (net.InService[k])
            {
                adjacent[net.From[k]].Add(k);
                adjacent[net.To[k]].Add(k);
            }
        var parent = new int[n];
        var parentBranch = new int[n];
        Array.Fill(parent, -2);
        parent[net.Slack] = -1;
        parentBranch[net.Slack] = -1;
        var order = new int[n];
        int head = 0, tail = 0;
        order[tail++] = net.Slack;
        while (head < tail)
        {
            int bus = order[head++];
            foreach (int k in adjacent[bus])
            {
                if (k == parentBranch[bus]) continue;
                int other = net.From[k] == bus ? net.To[k] : net.From[k];
                // n − 1 branches reaching every bus cannot hold a loop, but two branches between the same buses can.
                if (parent[other] != -2) return null;
                parent[other] = bus;
                parentBranch[other] = k;
                order[tail++] = other;
            }
        }
        return tail == n ? new FeederTree(order, parent, parentBranch) : null;
    }
}
