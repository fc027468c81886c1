namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// The AC power flow of one grid: compiles it once (<see cref="PowerNetwork"/>), picks the method (the sweep for a
/// radial feeder of PQ buses under <see cref="PowerFlowMethod.Auto"/>, else Newton–Raphson) and sets up that method's
/// structure (the feeder tree, or the Jacobian's pattern and ordering), then solves as many load cases as asked.
/// </summary>
public sealed class PowerFlowSolver
{
    private readonly PowerNetwork _net;
    private readonly NewtonRaphson? _newton;
    private readonly BackwardForwardSweep? _sweep;
    private readonly double[] _pSpec, _qSpec;

    public PowerFlowSolver(PowerGrid grid, PowerFlowOptions? options = null)
    {
        Options = options ?? PowerFlowOptions.Default;
        if (!(Options.Tolerance > 0)) throw new ArgumentException($"tolerance {Options.Tolerance} is not positive", nameof(options));
        _net = new PowerNetwork(grid);
        var tree = FeederTree.Of(_net);
        Tree = tree;
        IsRadial = tree is not null;
        Method = Options.Method switch
        {
            PowerFlowMethod.Auto => tree is not null && _net.PvCount == 0 ? PowerFlowMethod.BackwardForwardSweep : PowerFlowMethod.NewtonRaphson,
            var m => m,
        };
        if (Method == PowerFlowMethod.BackwardForwardSweep)
            _sweep = new BackwardForwardSweep(_net, tree ?? throw new PowerFlowException(
                "the backward/forward sweep needs a radial grid: the branches in service must form a tree from the slack bus (no loops, no bus cut off)",
                PowerFlowMethod.BackwardForwardSweep, 0, double.NaN, null));
        else _newton = new NewtonRaphson(_net);
        (_pSpec, _qSpec) = (new double[_net.BusCount], new double[_net.BusCount]);
    }

    public PowerGrid Grid => _net.Grid;

    public PowerFlowOptions Options { get; }

    /// <summary>The method in use (never Auto).</summary>
    public PowerFlowMethod Method { get; }

    /// <summary>True when the branches in service form a tree from the slack.</summary>
    public bool IsRadial { get; }

    public int BusCount => _net.BusCount;

    /// <summary>
    /// The bytes one iteration of the method reads or writes at least once (its arrays' sizes): what a benchmark holds
    /// a solve against, as copying those bytes once per iteration is a floor no implementation of the method can beat.
    /// </summary>
    public long IterationBytes => _sweep?.IterationBytes ?? _newton!.IterationBytes;

    /// <summary>Solves the case's own loads from its starting voltages.</summary>
    public PowerFlowResult Solve() => Solve(ReadOnlySpan<double>.Empty);

    /// <summary>Solves with bus i's load (P and Q) multiplied by <paramref name="loadScale"/>[i], from the case's starting voltages.</summary>
    public PowerFlowResult Solve(ReadOnlySpan<double> loadScale)
    {
        var vm = (double[])_net.StartVm.Clone();
        var va = (double[])_net.StartVa.Clone();
        var convergence = Solve(loadScale, vm, va);
        return Result(convergence, vm, va);
    }

    /// <summary>
    /// Solves from the voltages given (magnitude pu, angle radians, by bus index) and leaves them solved: a time series
    /// starts each interval from the last one's answer.
    /// </summary>
    internal Convergence Solve(ReadOnlySpan<double> loadScale, double[] vm, double[] va)
    {
        if (!loadScale.IsEmpty && loadScale.Length != _net.BusCount)
            throw new ArgumentException($"{loadScale.Length} load scales for {_net.BusCount} buses", nameof(loadScale));
        _net.Specified(loadScale, _pSpec, _qSpec);
        return _sweep is not null
            ? _sweep.Solve(_pSpec, _qSpec, vm, va, Options)
            : _newton!.Solve(_pSpec, _qSpec, vm, va, Options);
    }

    internal PowerNetwork Network => _net;

    /// <summary>The feeder tree when the grid is radial (the batched sweep reuses it), else null.</summary>
    internal FeederTree? Tree { get; }

    /// <summary>The starting voltages: set points at regulated buses, the case's Vm elsewhere, the slack's angle everywhere.</summary>
    internal void Start(double[] vm, double[] va)
    {
        _net.StartVm.CopyTo(vm, 0);
        _net.StartVa.CopyTo(va, 0);
    }

    private PowerFlowResult Result(Convergence convergence, double[] vm, double[] va)
    {
        var branches = new BranchFlow[_net.Grid.Branches.Count];
        double lossKw = 0, lossKvar = 0;
        for (int k = 0; k < branches.Length; k++)
        {
            branches[k] = BranchFlows.Describe(_net, k, vm, va);
            lossKw += branches[k].LossKw;
            lossKvar += branches[k].LossKvar;
        }
        int lowest = 0;
        for (int i = 1; i < vm.Length; i++)
            if (vm[i] < vm[lowest]) lowest = i;
        // The slack's output is what it injects into the network plus its own load.
        var e = new double[vm.Length];
        var f = new double[vm.Length];
        var p = new double[vm.Length];
        var q = new double[vm.Length];
        for (int i = 0; i < vm.Length; i++) (e[i], f[i]) = (vm[i] * Math.Cos(va[i]), vm[i] * Math.Sin(va[i]));
        _net.Admittance.Injections(e, f, p, q);
        int s = _net.Slack;
        double mva = _net.BaseMva;
        return new PowerFlowResult(convergence, [.. _net.Grid.Buses.Select(b => b.Id)], vm, [.. va.Select(a => a * 180 / Math.PI)], branches,
            lossKw, lossKvar, vm[lowest], _net.BusId(lowest),
            PerUnit.PowerToMw(p[s] + _net.LoadP[s], mva), PerUnit.PowerToMw(q[s] + _net.LoadQ[s], mva));
    }
}
