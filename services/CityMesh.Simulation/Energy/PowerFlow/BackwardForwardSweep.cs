using System.Numerics;

namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// Backward/forward sweep by current summation for a radial feeder with PQ buses. Backward, leaves to root: each bus
/// draws its load current conj(S/V) and its shunt's Y·V, plus what its child branches draw at their parent ends.
/// Forward, root to leaves: each bus's voltage from its parent's and the current its subtree draws. Every branch is
/// taken as its full two-port (<see cref="BranchAdmittance"/>), so taps, phase shifts and line charging are honoured:
/// with the child drawing I_c and the parent at V_p, the two-port gives V_c = C·V_p + D·I_c and the parent-end current
/// I_p = A·V_p + B·I_c (for a plain series line A = 0, B = 1, C = 1, D = −z: the textbook sweep). Converged on the
/// same power mismatch as Newton–Raphson, computed from Y after each sweep.
/// </summary>
internal sealed class BackwardForwardSweep
{
    private readonly PowerNetwork _net;
    private readonly FeederTree _tree;
    // By bus (the child end of its parent branch): the two-port in chain form, from ChainTwoPorts.
    private readonly Complex[] _a, _b, _c, _d;
    private readonly Complex[] _v, _drawn;
    private readonly double[] _e, _f, _p, _q;

    public BackwardForwardSweep(PowerNetwork net, FeederTree tree)
    {
        if (net.PvCount > 0)
        {
            int pv = Array.IndexOf(net.Types, BusType.PV);
            throw new PowerFlowException($"the backward/forward sweep solves PQ buses only, and bus {net.BusId(pv)} is a PV bus (a generator holding its voltage): use Newton–Raphson",
                PowerFlowMethod.BackwardForwardSweep, 0, double.NaN, net.BusId(pv));
        }
        _net = net;
        _tree = tree;
        int n = net.BusCount;
        var chain = new ChainTwoPorts(net, tree);
        (_a, _b, _c, _d) = (chain.A, chain.B, chain.C, chain.D);
        (_v, _drawn) = (new Complex[n], new Complex[n]);
        (_e, _f, _p, _q) = (new double[n], new double[n], new double[n], new double[n]);
    }

    /// <summary>
    /// Bytes one sweep streams at least once: Y (values and columns, for the mismatch), the chain-form two-ports, the
    /// complex voltages and currents, the tree's order and parents, and the bus vectors.
    /// </summary>
    public long IterationBytes => (long)_net.Admittance.Columns.Length * (8 + 8 + 4) + (long)_net.BusCount * (6 * 16 + 2 * 4 + 8 * 8);

    /// <summary>Solves from the voltages given (radians), which it leaves solved; throws when it does not converge.</summary>
    public Convergence Solve(ReadOnlySpan<double> pSpec, ReadOnlySpan<double> qSpec, double[] vm, double[] va, PowerFlowOptions options)
    {
        const PowerFlowMethod Method = PowerFlowMethod.BackwardForwardSweep;
        var order = _tree.Order;
        var parent = _tree.Parent;
        for (int i = 0; i < vm.Length; i++) _v[i] = Complex.FromPolarCoordinates(vm[i], va[i]);
        for (int sweep = 0; ; sweep++)
        {
            for (int i = 0; i < _v.Length; i++) (_e[i], _f[i]) = (_v[i].Real, _v[i].Imaginary);
            _net.Admittance.Injections(_e, _f, _p, _q);
            var (largest, bus) = Mismatch.Largest(_net.Types, _p, _q, pSpec, qSpec);
            if (double.IsNaN(largest) || largest > 1e6)
                throw PowerFlowException.Diverged(Method, sweep, largest, _net.BusId(bus), _net.BaseMva, "the mismatch grew without bound");
            if (largest <= options.Tolerance)
            {
                for (int i = 0; i < vm.Length; i++) (vm[i], va[i]) = (_v[i].Magnitude, _v[i].Phase);
                return new Convergence(Method, sweep, largest, _net.BusId(bus));
            }
            if (sweep == options.MaxSweeps) throw PowerFlowException.NotConverged(Method, sweep, largest, _net.BusId(bus), _net.BaseMva);
            // Backward: what each bus draws, its subtree's currents summed into it before it is passed to its parent.
            for (int i = 0; i < _v.Length; i++)
                _drawn[i] = Complex.Conjugate(new Complex(-pSpec[i], -qSpec[i]) / _v[i]) + new Complex(_net.ShuntG[i], _net.ShuntB[i]) * _v[i];
            for (int at = order.Length - 1; at > 0; at--)
            {
                int child = order[at], up = parent[child];
                _drawn[up] += _a[child] * _v[up] + _b[child] * _drawn[child];
            }
            // Forward: voltages from the slack outwards.
            for (int at = 1; at < order.Length; at++)
            {
                int child = order[at];
                var v = _c[child] * _v[parent[child]] + _d[child] * _drawn[child];
                if (!(v.Magnitude > 1e-3))
                    throw PowerFlowException.Diverged(Method, sweep + 1, largest, _net.BusId(child), _net.BaseMva, $"bus {_net.BusId(child)}'s voltage collapsed to {v.Magnitude:G3} pu");
                _v[child] = v;
            }
        }
    }
}
