using CityMesh.Simulation.Energy;
using CityMesh.Simulation.Energy.PowerFlow;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// The <see cref="PowerGrid"/> one switching state is solved as, with the time series' load multipliers. The public
/// time-series power flow (<see cref="TimeSeriesPowerFlow"/>) scales each bus's load, P and Q together, by one
/// non-negative number per interval; EV charging (pure P) and PV (pure P, the other way) change a bus's power factor
/// over the day, so each is its own bus: a bus with chargers gets an EV bus (Pd = the chargers' rating, scaled by the
/// share charging) and a bus with PV a PV bus (Pd = −kWp, a negative load, scaled by its output per kWp), each joined to
/// it by a service connection of 1e-5 + 1e-5j pu (0.16 mΩ at 12.66 kV and 10 MVA: its losses and voltage drop are
/// below a millionth of the feeder's). Buses the state cuts off are left out. The grid stays radial if it was, so the
/// sweep still solves it, and the batched solver behind the same entry point sees one more load per such bus.
/// </summary>
internal sealed class SolveGrid
{
    public const double ConnectionImpedance = 1e-5;

    public SolveGrid(EnergyGrid grid, GridState state, EnergyDemand demand)
    {
        var power = grid.Power;
        int n = power.Buses.Count;
        SolveIndex = Enumerable.Repeat(-1, n).ToArray();
        EvIndex = Enumerable.Repeat(-1, n).ToArray();
        PvIndex = Enumerable.Repeat(-1, n).ToArray();
        var buses = new List<Bus>();
        var origin = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (!state.Energised[i]) continue;
            SolveIndex[i] = buses.Count;
            buses.Add(power.Buses[i]);
            origin.Add(i);
        }
        var branches = new List<Branch>();
        BranchIndex = Enumerable.Repeat(-1, power.Branches.Count).ToArray();
        for (int k = 0; k < power.Branches.Count; k++)
        {
            var b = power.Branches[k];
            if (!state.InService[k] || SolveIndex[grid.BusIndex(b.From)] < 0 || SolveIndex[grid.BusIndex(b.To)] < 0) continue;
            BranchIndex[k] = branches.Count;
            branches.Add(b with { InService = true });
        }
        int nextId = power.Buses.Max(b => b.Id) + 1;
        for (int i = 0; i < n; i++)
        {
            if (SolveIndex[i] < 0) continue;
            if (demand.ChargersMw[i] > 0) EvIndex[i] = AddLoad(power.Buses[i], demand.ChargersMw[i]);
            if (demand.PvKwp[i] > 0) PvIndex[i] = AddLoad(power.Buses[i], -demand.PvKwp[i] / 1000);
        }
        (Depth, Parent) = Tree(grid, state);
        Grid = power with { Buses = buses, Branches = branches, Generators = [.. power.Generators.Where(g => SolveIndex[grid.BusIndex(g.Bus)] >= 0)] };
        Origin = [.. origin];

        int AddLoad(Bus at, double mw)
        {
            int id = nextId++;
            buses.Add(at with { Id = id, Type = BusType.PQ, Pd = mw, Qd = 0, Gs = 0, Bs = 0 });
            branches.Add(new Branch(at.Id, id, ConnectionImpedance, ConnectionImpedance, 0, 0, 1, 0, true));
            origin.Add(-1);
            return buses.Count - 1;
        }
    }

    public PowerGrid Grid { get; }

    /// <summary>Per bus of the grid, branches from the slack in a breadth-first walk (-1 when cut off): the end of a branch nearer the slack is upstream.</summary>
    public int[] Depth { get; }

    /// <summary>Per bus of the grid, the bus before it on the walk from the slack (-1 for the slack and cut-off buses).</summary>
    public int[] Parent { get; }

    /// <summary>Whether bus <paramref name="bus"/> lies at or below <paramref name="ancestor"/> on the walk from the slack.</summary>
    public bool IsBelow(int bus, int ancestor)
    {
        for (int at = bus; at >= 0; at = Parent[at])
            if (at == ancestor) return true;
        return false;
    }

    private PowerFlowSolver? _solver;

    /// <summary>One solver per switching state, reused by every curtailment round (it compiles the grid once).</summary>
    public PowerFlowSolver Solver => _solver ??= new PowerFlowSolver(Grid);

    private static (int[] Depth, int[] Parent) Tree(EnergyGrid grid, GridState state)
    {
        int n = grid.Power.Buses.Count;
        var depth = Enumerable.Repeat(-1, n).ToArray();
        var parent = Enumerable.Repeat(-1, n).ToArray();
        var adjacent = GridState.Adjacency(grid, state.InService);
        int slack = grid.BusIndex(grid.Power.Slack.Id);
        depth[slack] = 0;
        var queue = new Queue<int>([slack]);
        while (queue.Count > 0)
        {
            int at = queue.Dequeue();
            foreach (var (next, _) in adjacent[at])
                if (depth[next] < 0) { depth[next] = depth[at] + 1; parent[next] = at; queue.Enqueue(next); }
        }
        return (depth, parent);
    }

    /// <summary>Per bus of the grid, its index here, or -1 when cut off.</summary>
    public int[] SolveIndex { get; }

    /// <summary>Per bus of the grid, the index of its EV bus here, or -1.</summary>
    public int[] EvIndex { get; }

    /// <summary>Per bus of the grid, the index of its PV bus here, or -1.</summary>
    public int[] PvIndex { get; }

    /// <summary>Per branch of the grid, its index here, or -1 when out of service or cut off.</summary>
    public int[] BranchIndex { get; }

    /// <summary>Per bus here, the grid's bus it is (-1 for an EV or PV bus).</summary>
    public int[] Origin { get; }

    /// <summary>
    /// The multipliers of intervals [<paramref name="from"/>, <paramref name="to"/>): base load by kind, heat and scale;
    /// EV by the share charging; PV by its output per kWp times the share <paramref name="kept"/> after curtailment.
    /// </summary>
    /// <param name="kept">Per interval and PV system (<paramref name="pvBuses"/>' order), the share of the output kept.</param>
    public LoadProfile Profile(EnergyDemand demand, int from, int to, IReadOnlyList<int> pvBuses, double[] kept)
    {
        int n = Grid.Buses.Count, count = to - from;
        var scale = new double[count * n];
        for (int t = 0; t < count; t++)
        {
            int interval = from + t;
            var row = scale.AsSpan(t * n, n);
            for (int s = 0; s < n; s++)
                if (Origin[s] >= 0) row[s] = demand.LoadFactor(interval, Origin[s]);
            for (int i = 0; i < EvIndex.Length; i++)
                if (EvIndex[i] >= 0) row[EvIndex[i]] = demand.EvShare[interval];
            for (int p = 0; p < pvBuses.Count; p++)
                if (PvIndex[pvBuses[p]] >= 0) row[PvIndex[pvBuses[p]]] = demand.PvPerKwp[interval] * kept[interval * pvBuses.Count + p];
        }
        return new LoadProfile(count, n, scale);
    }
}
