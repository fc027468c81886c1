namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// Newton–Raphson in polar form. Unknowns: the angle of every bus but the slack and the magnitude of every PQ bus;
/// equations: ΔP at the same buses, ΔQ at PQ buses, numbered so that equation and unknown of a bus share a number and
/// J's diagonal holds ∂P/∂θ and ∂Q/∂|V|. Each step assembles J from Y and the voltages, factorises it
/// (<see cref="SparseLu"/>) and solves J·Δx = −F. The pattern, the ordering and where each of Y's entries lands in J
/// are found once per grid, so a time series pays only the numeric work per step.
/// </summary>
internal sealed class NewtonRaphson
{
    private readonly PowerNetwork _net;
    private readonly int[] _angle;      // bus → unknown of its angle, -1 at the slack
    private readonly int[] _magnitude;  // bus → unknown of its magnitude, -1 unless PQ
    private readonly SparseLu _lu;
    // For each entry of Y (i, k): J's slots for (P_i, θ_k), (P_i, |V_k|), (Q_i, θ_k), (Q_i, |V_k|); -1 where there is no such row or column.
    private readonly int[] _pTheta, _pV, _qTheta, _qV;
    private readonly double[] _e, _f, _p, _q, _rhs;

    public NewtonRaphson(PowerNetwork net)
    {
        _net = net;
        int n = net.BusCount;
        _angle = new int[n];
        _magnitude = new int[n];
        int unknowns = 0;
        for (int i = 0; i < n; i++)
        {
            _angle[i] = net.Types[i] == BusType.Slack ? -1 : unknowns++;
            _magnitude[i] = net.Types[i] == BusType.PQ ? unknowns++ : -1;
        }
        var y = net.Admittance;
        _lu = new SparseLu(unknowns, Couplings(y));
        int entries = y.Columns.Length;
        (_pTheta, _pV, _qTheta, _qV) = (new int[entries], new int[entries], new int[entries], new int[entries]);
        for (int i = 0; i < n; i++)
            for (int at = y.RowStart[i]; at < y.RowStart[i + 1]; at++)
            {
                int k = y.Columns[at];
                _pTheta[at] = SlotOf(_angle[i], _angle[k]);
                _pV[at] = SlotOf(_angle[i], _magnitude[k]);
                _qTheta[at] = SlotOf(_magnitude[i], _angle[k]);
                _qV[at] = SlotOf(_magnitude[i], _magnitude[k]);
            }
        (_e, _f, _p, _q) = (new double[n], new double[n], new double[n], new double[n]);
        _rhs = new double[unknowns];
    }

    public int Unknowns => _rhs.Length;

    public int FactorSize => _lu.FactorSize;

    /// <summary>
    /// Bytes one iteration streams at least once: Y (values and columns), the Jacobian's factor (values and columns),
    /// Y's slot map into it, and the bus vectors (voltages, injections, set points).
    /// </summary>
    public long IterationBytes => (long)_net.Admittance.Columns.Length * (8 + 8 + 4 + 4 * 4) + (long)_lu.FactorSize * (8 + 4) + (long)_net.BusCount * 10 * 8;

    private int SlotOf(int row, int column) => row < 0 || column < 0 ? -1 : _lu.Slot(row, column);

    /// <summary>Every pair of unknowns that share a bus or sit at the two ends of an entry of Y.</summary>
    private IEnumerable<(int, int)> Couplings(AdmittanceMatrix y)
    {
        for (int i = 0; i < y.Buses; i++)
            for (int at = y.RowStart[i]; at < y.RowStart[i + 1]; at++)
            {
                int k = y.Columns[at];
                foreach (int a in new[] { _angle[i], _magnitude[i] })
                    foreach (int b in new[] { _angle[k], _magnitude[k] })
                        if (a >= 0 && b >= 0) yield return (a, b);
            }
    }

    /// <summary>
    /// Solves from the voltages in <paramref name="vm"/> and <paramref name="va"/> (radians), which it leaves solved.
    /// Throws <see cref="PowerFlowException"/> when it does not converge or diverges.
    /// </summary>
    public Convergence Solve(ReadOnlySpan<double> pSpec, ReadOnlySpan<double> qSpec, double[] vm, double[] va, PowerFlowOptions options)
    {
        const PowerFlowMethod Method = PowerFlowMethod.NewtonRaphson;
        var y = _net.Admittance;
        var types = _net.Types;
        for (int iteration = 0; ; iteration++)
        {
            for (int i = 0; i < vm.Length; i++) (_f[i], _e[i]) = (vm[i] * Math.Sin(va[i]), vm[i] * Math.Cos(va[i]));
            y.Injections(_e, _f, _p, _q);
            var (largest, bus) = Mismatch.Largest(types, _p, _q, pSpec, qSpec);
            if (double.IsNaN(largest) || largest > 1e6)
                throw PowerFlowException.Diverged(Method, iteration, largest, _net.BusId(bus), _net.BaseMva, "the mismatch grew without bound");
            if (largest <= options.Tolerance) return new Convergence(Method, iteration, largest, _net.BusId(bus));
            if (iteration == options.MaxNewtonIterations)
                throw PowerFlowException.NotConverged(Method, iteration, largest, _net.BusId(bus), _net.BaseMva);
            Assemble(vm);
            for (int i = 0; i < vm.Length; i++)
            {
                if (_angle[i] >= 0) _rhs[_angle[i]] = pSpec[i] - _p[i];
                if (_magnitude[i] >= 0) _rhs[_magnitude[i]] = qSpec[i] - _q[i];
            }
            int singular = _lu.Solve(_rhs);
            if (singular >= 0)
            {
                int at = Array.IndexOf(_angle, singular) is var a and >= 0 ? a : Array.IndexOf(_magnitude, singular);
                throw new PowerFlowException($"{Method.Describe()}: the Jacobian is singular at iteration {iteration + 1} (bus {_net.BusId(at)}): " +
                                             "a part of the grid without a path to the slack, or a point of voltage collapse", Method, iteration + 1, largest, _net.BusId(at));
            }
            for (int i = 0; i < vm.Length; i++)
            {
                if (_angle[i] >= 0) va[i] += _rhs[_angle[i]];
                if (_magnitude[i] >= 0) vm[i] += _rhs[_magnitude[i]];
                if (!(vm[i] > 0))
                    throw PowerFlowException.Diverged(Method, iteration + 1, largest, _net.BusId(i), _net.BaseMva, $"bus {_net.BusId(i)}'s voltage fell to {vm[i]:G3} pu");
            }
        }
    }

    /// <summary>
    /// J from Y and the voltages, in rectangular products so no entry needs a sine or cosine: with V_i·V_k·cos θ_ik =
    /// e_i e_k + f_i f_k and V_i·V_k·sin θ_ik = f_i e_k − e_i f_k, off the diagonal ∂P_i/∂θ_k = |V_k|·∂Q_i/∂|V_k| =
    /// G·s − B·c and |V_k|·∂P_i/∂|V_k| = −∂Q_i/∂θ_k = G·c + B·s; on it ∂P_i/∂θ_i = −Q_i − B_ii V_i²,
    /// ∂P_i/∂|V_i| = P_i/V_i + G_ii V_i, ∂Q_i/∂θ_i = P_i − G_ii V_i², ∂Q_i/∂|V_i| = Q_i/V_i − B_ii V_i.
    /// </summary>
    private void Assemble(double[] vm)
    {
        var y = _net.Admittance;
        _lu.Clear();
        for (int i = 0; i < vm.Length; i++)
        {
            if (_angle[i] < 0) continue;
            for (int at = y.RowStart[i]; at < y.RowStart[i + 1]; at++)
            {
                int k = y.Columns[at];
                double g = y.G[at], b = y.B[at];
                double pTheta, pV, qTheta, qV;
                if (k == i)
                {
                    double v2 = vm[i] * vm[i];
                    pTheta = -_q[i] - b * v2;
                    pV = _p[i] / vm[i] + g * vm[i];
                    qTheta = _p[i] - g * v2;
                    qV = _q[i] / vm[i] - b * vm[i];
                }
                else
                {
                    double c = _e[i] * _e[k] + _f[i] * _f[k], s = _f[i] * _e[k] - _e[i] * _f[k];
                    double gsbc = g * s - b * c, gcbs = g * c + b * s;
                    pTheta = gsbc;
                    pV = gcbs / vm[k];
                    qTheta = -gcbs;
                    qV = gsbc / vm[k];
                }
                if (_pTheta[at] >= 0) _lu.Add(_pTheta[at], pTheta);
                if (_pV[at] >= 0) _lu.Add(_pV[at], pV);
                if (_qTheta[at] >= 0) _lu.Add(_qTheta[at], qTheta);
                if (_qV[at] >= 0) _lu.Add(_qV[at], qV);
            }
        }
    }
}
