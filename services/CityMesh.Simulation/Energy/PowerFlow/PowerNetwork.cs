using System.Numerics;

namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// A grid compiled for solving, in per unit and by bus index (the order of <see cref="PowerGrid.Buses"/>): the
/// admittance matrix, each branch's two-port, each bus's load and generation as separate arrays (so a time series
/// scales the load alone), voltage set points and the starting voltages. Built once; every solve of the same grid,
/// whatever its loads, reuses it.
/// </summary>
internal sealed class PowerNetwork
{
    public PowerNetwork(PowerGrid grid)
    {
        Grid = grid;
        int n = grid.Buses.Count;
        BaseMva = grid.BaseMva;
        var index = new Dictionary<int, int>(n);
        for (int i = 0; i < n; i++) index[grid.Buses[i].Id] = i;
        Types = new BusType[n];
        LoadP = new double[n];
        LoadQ = new double[n];
        GenerationP = new double[n];
        GenerationQ = new double[n];
        StartVm = new double[n];
        StartVa = new double[n];
        ShuntG = new double[n];
        ShuntB = new double[n];
        var regulated = new bool[n];
        var setPoint = new double[n];
        foreach (var g in grid.Generators.Where(g => g.InService))
        {
            int i = index[g.Bus];
            GenerationP[i] += PerUnit.PowerFromMw(g.Pg, BaseMva);
            GenerationQ[i] += PerUnit.PowerFromMw(g.Qg, BaseMva);
            // The first generator in service at a bus sets its voltage, as MATPOWER takes it.
            if (!regulated[i]) setPoint[i] = g.Vg;
            regulated[i] = true;
        }
        for (int i = 0; i < n; i++)
        {
            var bus = grid.Buses[i];
            // A PV bus with no generator in service holds no voltage: it is a load bus (MATPOWER does the same).
            Types[i] = bus.Type == BusType.PV && !regulated[i] ? BusType.PQ : bus.Type;
            if (Types[i] == BusType.Slack) Slack = i;
            LoadP[i] = PerUnit.PowerFromMw(bus.Pd, BaseMva);
            LoadQ[i] = PerUnit.PowerFromMw(bus.Qd, BaseMva);
            ShuntG[i] = PerUnit.PowerFromMw(bus.Gs, BaseMva);
            ShuntB[i] = PerUnit.PowerFromMw(bus.Bs, BaseMva);
            StartVm[i] = Types[i] != BusType.PQ && regulated[i] ? setPoint[i] : bus.Vm;
            StartVa[i] = bus.Va * Math.PI / 180;
        }
        // Every bus starts at the slack's angle (a flat start); the case's own angles may be far from this load's.
        Array.Fill(StartVa, StartVa[Slack]);
        int m = grid.Branches.Count;
        From = new int[m];
        To = new int[m];
        InService = new bool[m];
        Branches = new BranchAdmittance[m];
        for (int k = 0; k < m; k++)
        {
            var b = grid.Branches[k];
            (From[k], To[k], InService[k]) = (index[b.From], index[b.To], b.InService);
            Branches[k] = BranchAdmittance.Of(b);
        }
        var shunts = new Complex[n];
        for (int i = 0; i < n; i++) shunts[i] = new Complex(ShuntG[i], ShuntB[i]);
        Admittance = new AdmittanceMatrix(n, Enumerable.Range(0, m).Where(k => InService[k]).Select(k => (From[k], To[k], Branches[k])), shunts);
    }

    public PowerGrid Grid { get; }

    public double BaseMva { get; }

    public int BusCount => Types.Length;

    public BusType[] Types { get; }

    public int Slack { get; }

    /// <summary>Per-unit load by bus; a time series multiplies it by the interval's scale.</summary>
    public double[] LoadP { get; }

    public double[] LoadQ { get; }

    /// <summary>Per-unit generation by bus (generators in service), unscaled.</summary>
    public double[] GenerationP { get; }

    public double[] GenerationQ { get; }

    /// <summary>Per-unit shunt admittance of each bus (also on the admittance matrix's diagonal).</summary>
    public double[] ShuntG { get; }

    public double[] ShuntB { get; }

    /// <summary>Starting voltage magnitude: the set point at regulated buses, the case's Vm elsewhere.</summary>
    public double[] StartVm { get; }

    /// <summary>Starting angle, radians: the slack's angle everywhere.</summary>
    public double[] StartVa { get; }

    public int[] From { get; }

    public int[] To { get; }

    public bool[] InService { get; }

    public BranchAdmittance[] Branches { get; }

    public AdmittanceMatrix Admittance { get; }

    public int PvCount => Types.Count(t => t == BusType.PV);

    /// <summary>
    /// The specified injection, generation minus load, per unit, with bus i's load scaled by
    /// <paramref name="loadScale"/>[i] (all 1 when empty).
    /// </summary>
    public void Specified(ReadOnlySpan<double> loadScale, Span<double> p, Span<double> q)
    {
        for (int i = 0; i < BusCount; i++)
        {
            double s = loadScale.IsEmpty ? 1 : loadScale[i];
            p[i] = GenerationP[i] - s * LoadP[i];
            q[i] = GenerationQ[i] - s * LoadQ[i];
        }
    }

    public int BusId(int index) => Grid.Buses[index].Id;
}
