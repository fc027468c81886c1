namespace CityMesh.Simulation.Water.Hydraulics;

/// <summary>How one snapshot solve went.</summary>
/// <param name="Trials">Gradient iterations taken.</param>
/// <param name="RelativeChange">Σ|Δq| / Σ|q| of the last iteration.</param>
/// <param name="Converged">Whether it met the accuracy with no status left to change.</param>
/// <param name="Problem">Why not, where there is a reason to name (a junction cut off from any fixed head).</param>
public sealed record SolveReport(int Trials, double RelativeChange, bool Converged, string? Problem = null);

/// <summary>
/// The global gradient algorithm (Todini and Pilati, 1988), as EPANET runs it: each iteration linearises every link
/// about its flow (<see cref="LinkCoefficients"/>), solves the junction heads from A·h = F (A symmetric positive
/// definite, <see cref="SparseCholesky"/>), then updates every flow from its new head difference. Pressure and flow
/// control valves hold their settings through the matrix (<see cref="ControlValves"/>); emitters are links to the
/// ground at the junction's elevation; pressure-driven demands likewise, with barriers at no flow and full demand.
/// Statuses (check valves, pumps over their shutoff head, links to full or empty tanks, valves) are re-judged every
/// <see cref="WaterOptions.CheckFrequency"/> iterations early on and whenever the flows converge
/// (<see cref="StatusRules"/>); a solve ends converged with no status left to change.
/// </summary>
internal sealed class GradientSolver
{
    private readonly HydraulicNetwork _net;
    private readonly SparseCholesky _matrix;
    private readonly double[] _p;
    private readonly double[] _y;
    private readonly double[] _rhs;
    /// <summary>Each link's off-diagonal entry in the factor, −1 where an end is a fixed head.</summary>
    private readonly int[] _position;

    public GradientSolver(HydraulicNetwork net)
    {
        _net = net;
        var pairs = new List<(int, int)>();
        for (int k = 0; k < net.Links; k++)
            if (net.From[k] < net.Junctions && net.To[k] < net.Junctions) pairs.Add((net.From[k], net.To[k]));
        _matrix = new SparseCholesky(net.Junctions, pairs);
        _position = new int[net.Links];
        for (int k = 0; k < net.Links; k++)
            _position[k] = net.From[k] < net.Junctions && net.To[k] < net.Junctions && net.From[k] != net.To[k] ? _matrix.Position(net.From[k], net.To[k]) : -1;
        _p = new double[net.Links];
        _y = new double[net.Links];
        _rhs = new double[net.Junctions];
    }

    public int FactorSize => _matrix.FactorSize;

    public SolveReport Solve(HydraulicState s)
    {
        var net = _net;
        var o = net.Options;
        int maxTrials = o.MaxTrials + Math.Max(0, o.ContinueTrials);
        int nextCheck = o.CheckFrequency;
        double relative = double.PositiveInfinity;
        for (int trial = 1; trial <= maxTrials; trial++)
        {
            Assemble(s);
            int bad = _matrix.Solve(_rhs);
            if (bad >= 0)
            {
                // An active control valve can make the equations singular: fix it open and go on, as EPANET does.
                if (ControlValves.Release(net, s, bad)) continue;
                return new SolveReport(trial, relative, false, $"junction '{net.NodeIds[bad]}' is cut off from every reservoir and tank (closed links around it), so its head has no solution");
            }
            for (int j = 0; j < net.Junctions; j++) s.Head[j] = _rhs[j];
            relative = UpdateFlows(s);
            bool valveChange = StatusRules.Valves(net, s);
            if (relative <= o.Accuracy && DemandsConverged(s))
            {
                if (trial > o.MaxTrials) return new SolveReport(trial, relative, true);
                bool change = valveChange;
                if (StatusRules.Links(net, s)) change = true;
                if (StatusRules.JunctionControls(net, s)) change = true;
                if (!change) return new SolveReport(trial, relative, true);
                nextCheck = trial + o.CheckFrequency;
            }
            else if (trial <= o.MaxCheck && trial == nextCheck)
            {
                StatusRules.Links(net, s);
                nextCheck += o.CheckFrequency;
            }
        }
        return new SolveReport(maxTrials, relative, false, $"no convergence in {maxTrials} trials (Σ|Δq|/Σ|q| = {relative:G3}, accuracy {o.Accuracy:G3})");
    }

    private void Assemble(HydraulicState s)
    {
        var net = _net;
        _matrix.Clear();
        Array.Clear(_rhs);
        Array.Clear(s.Excess);
        for (int k = 0; k < net.Links; k++)
        {
            if (ControlValves.Acting(net, s, k)) { _p[k] = 0; continue; }
            (_p[k], _y[k]) = LinkCoefficients.Of(net, s, k);
            AddLink(s, k, _p[k], _y[k]);
        }
        for (int j = 0; j < net.Junctions; j++)
        {
            if (net.Emitter[j] > 0)
            {
                var (p, y) = Emitter(j, s.EmitterFlow[j]);
                _matrix.AddDiagonal(j, p);
                _rhs[j] += y + p * net.Elevation[j];
                s.Excess[j] -= s.EmitterFlow[j];
            }
            if (net.Options.DemandModel == DemandModel.PressureDriven && s.Demand[j] > 0)
            {
                var (p, y) = PressureDemand(j, s);
                _matrix.AddDiagonal(j, p);
                _rhs[j] += y + p * (net.Elevation[j] + net.Options.MinimumPressure);
            }
            s.Excess[j] -= s.DemandFlow[j];
            _rhs[j] += s.Excess[j];
        }
        for (int k = 0; k < net.Links; k++)
            if (ControlValves.Acting(net, s, k)) ControlValves.Assemble(net, s, k, _matrix, _rhs, ref _p[k], ref _y[k]);
    }

    /// <summary>A link's part: its conductance between its ends, its flow and correction in each end's balance.</summary>
    private void AddLink(HydraulicState s, int k, double p, double y)
    {
        var net = _net;
        int a = net.From[k], b = net.To[k];
        double q = s.Flow[k];
        s.Excess[a] -= q;
        s.Excess[b] += q;
        bool ja = a < net.Junctions, jb = b < net.Junctions;
        if (ja) { _matrix.AddDiagonal(a, p); _rhs[a] += y; }
        else if (jb) _rhs[b] += p * s.Head[a];
        if (jb) { _matrix.AddDiagonal(b, p); _rhs[b] -= y; }
        else if (ja) _rhs[a] += p * s.Head[b];
        if (_position[k] >= 0) _matrix.AddAt(_position[k], -p);
    }

    /// <summary>Emitter flow q = C·p^γ as a link to the ground: head loss (q/C)^(1/γ).</summary>
    private (double P, double Y) Emitter(int j, double q)
    {
        double gamma = _net.Options.EmitterExponent;
        double ke = Math.Pow(1 / _net.Emitter[j], 1 / gamma);
        double n = 1 / gamma;
        double gradient = n * ke * Math.Pow(Math.Abs(q), n - 1);
        double loss;
        if (gradient < HydraulicTolerances.MinGradient)
        {
            gradient = HydraulicTolerances.MinGradient / n;
            loss = gradient * q;
        }
        else loss = gradient * q / n;
        return (1 / gradient, loss / gradient);
    }

    /// <summary>
    /// Wagner's pressure-driven demand as a link to the ground at the minimum pressure: head loss
    /// (Preq − Pmin)·(d/D)^(1/e), with barriers that keep d within [0, D].
    /// </summary>
    private (double P, double Y) PressureDemand(int j, HydraulicState s)
    {
        var o = _net.Options;
        double full = s.Demand[j], d = s.DemandFlow[j];
        double dp = o.RequiredPressure - o.MinimumPressure, n = 1 / o.PressureExponent;
        double r = Math.Abs(d) / full;
        double gradient = n * dp * Math.Pow(r, n - 1) / full;
        double loss = gradient * d / n;
        Barrier(d, lower: true, ref loss, ref gradient);
        Barrier(d - full, lower: false, ref loss, ref gradient);
        return (1 / gradient, loss / gradient);
    }

    /// <summary>A smooth wall in head loss that keeps a flow above (or below) a limit: EPANET 2.2's barrier functions.</summary>
    private static void Barrier(double dq, bool lower, ref double loss, ref double gradient)
    {
        // EPANET's in ft and cfs: a = 1e9·Δq, loss += (a ∓ √(a² + 1e-6))/2, gradient += 1e9/2·(1 ∓ a/√…).
        double a = 1e9 * dq / WaterUnits.CubicFoot;
        double b = Math.Sqrt(a * a + 1e-6);
        double sign = lower ? -1 : 1;
        loss += (a + sign * b) / 2 * WaterUnits.Foot;
        gradient += 1e9 / 2 * (1 + sign * a / b) * WaterUnits.Foot / WaterUnits.CubicFoot;
    }

    /// <summary>New flows from the new heads; returns Σ|Δq| / Σ|q| over links, emitters and pressure-driven demands.</summary>
    private double UpdateFlows(HydraulicState s)
    {
        var net = _net;
        double sum = 0, change = 0;
        for (int n = net.Junctions; n < net.Nodes; n++) s.NetInflow[n] = 0;
        for (int k = 0; k < net.Links; k++)
        {
            int a = net.From[k], b = net.To[k];
            double dq = _y[k] - _p[k] * (s.Head[a] - s.Head[b]);
            // A constant-power pump's flow may not turn back through zero in one step.
            if (net.Kind[k] == LinkKind.Pump && net.PumpFit[k] is null && dq > s.Flow[k]) dq = s.Flow[k] / 2;
            s.Flow[k] -= dq;
            sum += Math.Abs(s.Flow[k]);
            change += Math.Abs(dq);
            if (!s.State[k].IsClosed())
            {
                if (a >= net.Junctions) s.NetInflow[a] -= s.Flow[k];
                if (b >= net.Junctions) s.NetInflow[b] += s.Flow[k];
            }
        }
        for (int j = 0; j < net.Junctions; j++)
        {
            if (net.Emitter[j] > 0)
            {
                var (p, y) = Emitter(j, s.EmitterFlow[j]);
                double dq = y - p * (s.Head[j] - net.Elevation[j]);
                s.EmitterFlow[j] -= dq;
                sum += Math.Abs(s.EmitterFlow[j]);
                change += Math.Abs(dq);
            }
            if (net.Options.DemandModel == DemandModel.PressureDriven && s.Demand[j] > 0)
            {
                var (p, y) = PressureDemand(j, s);
                double dq = y - p * (s.Head[j] - net.Elevation[j] - net.Options.MinimumPressure);
                s.DemandFlow[j] = Math.Clamp(s.DemandFlow[j] - dq, 0, s.Demand[j]);
                sum += Math.Abs(s.DemandFlow[j]);
                change += Math.Abs(dq);
            }
        }
        return sum > net.Options.Accuracy ? change / sum : change;
    }

    /// <summary>Pressure-driven demands agree with their pressures to the flow tolerance (demand-driven: always).</summary>
    private bool DemandsConverged(HydraulicState s)
    {
        var net = _net;
        var o = net.Options;
        if (o.DemandModel != DemandModel.PressureDriven) return true;
        for (int j = 0; j < net.Junctions; j++)
        {
            if (s.Demand[j] <= 0) continue;
            double p = s.Head[j] - net.Elevation[j];
            double want = p <= o.MinimumPressure ? 0
                : p >= o.RequiredPressure ? s.Demand[j]
                : s.Demand[j] * Math.Pow((p - o.MinimumPressure) / (o.RequiredPressure - o.MinimumPressure), o.PressureExponent);
            if (Math.Abs(want - s.DemandFlow[j]) > HydraulicTolerances.Flow) return false;
        }
        return true;
    }
}
