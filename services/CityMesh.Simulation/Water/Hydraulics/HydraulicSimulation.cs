using System.Diagnostics;

namespace CityMesh.Simulation.Water.Hydraulics;

/// <summary>
/// Extended-period hydraulics, EPANET's way of stepping time. At each moment: demands, reservoir heads and pump speeds
/// from their patterns; time and tank-level controls; a gradient solve. Then the next moment is the soonest of the
/// hydraulic step, the next pattern period, the next report time, a tank filling or emptying, or a control's level or
/// time being reached (at the tanks' present flows, to the second); the tanks' volumes move by their net inflow over
/// that step. The run ends with a solve at its duration.
/// </summary>
public sealed class HydraulicSimulation
{
    private readonly HydraulicNetwork _net;
    private readonly GradientSolver _solver;
    private HydraulicState _state;

    public HydraulicSimulation(WaterNetwork network)
    {
        _net = new HydraulicNetwork(network);
        _solver = new GradientSolver(_net);
        _state = new HydraulicState(_net);
    }

    /// <summary>
    /// A factor on each junction's demand at each moment (seconds, junction index), on top of its pattern: how a
    /// synthetic city's consumption wanders from the pattern day to day and hour to hour. Null: none.
    /// </summary>
    public Func<long, int, double>? DemandFactor { get; set; }

    /// <summary>Junctions in the order of the network's <see cref="WaterNetwork.Junctions"/>; reservoirs and tanks follow.</summary>
    public IReadOnlyList<string> NodeIds => _net.NodeIds;

    /// <summary>Pipes, pumps, then valves, in the network's order.</summary>
    public IReadOnlyList<string> LinkIds => _net.LinkIds;

    /// <summary>
    /// Gives junction <paramref name="junction"/> an emitter of <paramref name="coefficient"/> (m³/s per m^γ) from the
    /// next moment solved on: a leak that opens (or grows, or is mended at 0) during a run.
    /// </summary>
    public void SetEmitter(string junction, double coefficient)
    {
        if (!_net.NodeIndex.TryGetValue(junction, out int j) || j >= _net.Junctions)
            throw new ArgumentException($"no junction '{junction}' in the network", nameof(junction));
        if (!(coefficient >= 0)) throw new ArgumentOutOfRangeException(nameof(coefficient), coefficient, "an emitter's coefficient is 0 or more");
        _net.Emitter[j] = coefficient;
        if (coefficient > 0 && _state.EmitterFlow[j] == 0) _state.EmitterFlow[j] = 1e-3;
        if (coefficient == 0) _state.EmitterFlow[j] = 0;
    }

    /// <summary>
    /// One moment as a model of the live network sees it: tank heads and link states as measured (SCADA), every demand
    /// at its pattern times <paramref name="demandScale"/> (the scale that makes the model draw what the area's meter
    /// says), solved without controls; nothing of a run's own state is kept. For leak detection's expected pressures.
    /// </summary>
    /// <param name="extra">Flows drawn at junctions on top of their demands (a trial leak), by junction index.</param>
    public HydraulicStep Moment(long time, IReadOnlyList<double> tankHeads, IReadOnlyList<LinkState> states, double demandScale,
        IReadOnlyList<(int Junction, double Flow)>? extra = null)
    {
        var net = _net;
        var saved = DemandFactor;
        try
        {
            DemandFactor = (_, _) => demandScale;
            SetDemands(time);
        }
        finally
        {
            DemandFactor = saved;
        }
        if (extra is not null)
            foreach (var (j, q) in extra)
            {
                _state.Demand[j] += q;
                _state.DemandFlow[j] += q;
            }
        for (int t = 0; t < net.Tanks; t++)
        {
            int node = net.Junctions + net.Reservoirs + t;
            _state.Head[node] = tankHeads[t];
            _state.TankVolume[t] = net.Volume(t, tankHeads[t]);
        }
        for (int k = 0; k < net.Links; k++) _state.State[k] = states[k];
        var report = _solver.Solve(_state);
        return Capture(time, report);
    }

    /// <summary>What the junctions ask for at <paramref name="time"/> by their patterns alone (m³/s): the model's total before any scaling.</summary>
    public double NominalDemand(long time)
    {
        var net = _net;
        long period = (time + net.Times.PatternStart) / Math.Max(1, net.Times.PatternStep);
        double sum = 0;
        for (int d = 0; d < net.DemandBase.Length; d++) sum += net.DemandBase[d] * Multiplier(net.DemandPattern[d], period);
        return sum * net.Options.DemandMultiplier;
    }

    /// <summary>Moments solved and gradient iterations taken so far (over every run of this simulation).</summary>
    public long Moments { get; private set; }

    public long Trials { get; private set; }

    /// <summary>Entries of the head equations' Cholesky factor: a measure of the work per iteration.</summary>
    public int FactorSize => _solver.FactorSize;

    /// <summary>Runs the whole duration from the network's initial state. <paramref name="onStep"/> hears each solved moment.</summary>
    public HydraulicResults Run(Action<HydraulicStep>? onStep = null, bool keepSteps = true)
    {
        long start = Stopwatch.GetTimestamp();
        var net = _net;
        // Every run starts from the file's tank levels, statuses and settings.
        // Every run starts from the file's emitters too: a leak opened in an earlier run is mended.
        Array.Copy(net.FileEmitter, net.Emitter, net.Junctions);
        var s = _state = new HydraulicState(net);
        _live = null;
        var times = net.Times;
        var steps = new List<HydraulicStep>();
        long t = 0;
        long reportTime = times.ReportStart;
        while (true)
        {
            SetDemands(t);
            ApplyControls(t);
            var report = _solver.Solve(s);
            if (!report.Converged && net.Options.ContinueTrials < 0)
                throw new HydraulicSolveException(t, report.Problem ?? "the hydraulics did not converge");
            if (keepSteps || onStep is not null)
            {
                var step = Capture(t, report);
                if (keepSteps) steps.Add(step);
                onStep?.Invoke(step);
            }
            Moments++;
            Trials += report.Trials;
            if (t >= times.Duration) break;
            long dt = NextStep(t, reportTime);
            UpdateTanks(dt);
            t += dt;
            if (t >= reportTime) reportTime += times.ReportStep;
        }
        return new HydraulicResults(net.NodeIds, [.. net.Elevation], net.LinkIds, steps, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    /// <summary>
    /// Starts a live run at <paramref name="time"/> (seconds after the patterns' start; a city's clock time of day for a
    /// daily pattern) from the network's initial tank levels, or from <paramref name="tankLevels"/> (m above each tank's
    /// bottom, by tank id) where a tank's present level is known; solves that moment.
    /// </summary>
    public HydraulicStep Begin(long time, IReadOnlyDictionary<string, double>? tankLevels = null)
    {
        var net = _net;
        Array.Copy(net.FileEmitter, net.Emitter, net.Junctions);
        _state = new HydraulicState(net);
        _live = time;
        if (tankLevels is not null)
            for (int tank = 0; tank < net.Tanks; tank++)
            {
                int node = net.Junctions + net.Reservoirs + tank;
                if (!tankLevels.TryGetValue(net.NodeIds[node], out double level)) continue;
                double head = Math.Clamp(net.Elevation[node] + level, net.TankMinHead[tank], net.TankMaxHead[tank]);
                _state.Head[node] = head;
                _state.TankVolume[tank] = net.Volume(tank, head);
            }
        return Solve(time);
    }

    /// <summary>Moves a live run on by <paramref name="seconds"/>: tanks by their net inflow meanwhile, then the moment solved.</summary>
    public HydraulicStep Advance(long seconds)
    {
        if (_live is not { } now) throw new InvalidOperationException("Begin a live run before advancing it");
        if (seconds <= 0) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "a live run moves forward");
        UpdateTanks(seconds);
        _live = now + seconds;
        return Solve(now + seconds);
    }

    private long? _live;

    private HydraulicStep Solve(long time)
    {
        SetDemands(time);
        ApplyControls(time);
        var report = _solver.Solve(_state);
        if (!report.Converged && _net.Options.ContinueTrials < 0) throw new HydraulicSolveException(time, report.Problem ?? "the hydraulics did not converge");
        return Capture(time, report);
    }

    /// <summary>One steady-state solve at <paramref name="time"/> from the network's initial tank levels (no time stepping).</summary>
    public HydraulicStep Snapshot(long time = 0) => Begin(time);

    private HydraulicStep Capture(long t, SolveReport report)
    {
        var net = _net;
        var s = _state;
        var outflow = new double[net.Nodes];
        var leak = new double[net.Nodes];
        for (int j = 0; j < net.Junctions; j++)
        {
            outflow[j] = s.DemandFlow[j] + s.EmitterFlow[j];
            leak[j] = s.EmitterFlow[j];
        }
        for (int n = net.Junctions; n < net.Nodes; n++) outflow[n] = -s.NetInflow[n];
        return new HydraulicStep(t, [.. s.Head], outflow, leak, [.. s.Flow], [.. s.State], report);
    }

    private void SetDemands(long t)
    {
        var net = _net;
        var s = _state;
        long period = (t + net.Times.PatternStart) / Math.Max(1, net.Times.PatternStep);
        double multiplier = net.Options.DemandMultiplier;
        for (int j = 0; j < net.Junctions; j++)
        {
            double sum = 0;
            for (int d = net.DemandStart[j]; d < net.DemandStart[j + 1]; d++)
                sum += net.DemandBase[d] * Multiplier(net.DemandPattern[d], period) * multiplier;
            if (DemandFactor is { } factor) sum *= factor(t, j);
            s.Demand[j] = sum;
            // Demand-driven: all of it. Pressure-driven: start from all of it (or from what it got) and let the solve cut it.
            if (net.Options.DemandModel == DemandModel.DemandDriven || sum <= 0) s.DemandFlow[j] = sum;
            else s.DemandFlow[j] = Math.Clamp(s.DemandFlow[j] > 0 ? s.DemandFlow[j] : sum, 0, sum);
        }
        for (int r = 0; r < net.Reservoirs; r++)
        {
            int node = net.Junctions + r;
            if (net.ReservoirPattern[r] >= 0) s.Head[node] = net.Elevation[node] * Multiplier(net.ReservoirPattern[r], period);
        }
        for (int k = 0; k < net.Links; k++)
        {
            if (net.SpeedPattern[k] < 0) continue;
            double speed = Multiplier(net.SpeedPattern[k], period);
            s.Setting[k] = speed;
            if (speed == 0) s.State[k] = LinkState.Closed;
            else if (s.State[k] == LinkState.Closed) s.State[k] = LinkState.Open;
        }
    }

    private double Multiplier(int pattern, long period)
    {
        if (pattern < 0) return 1;
        var m = _net.Patterns[pattern];
        return m.Length == 0 ? 1 : m[period % m.Length];
    }

    /// <summary>Time controls due now, and tank-level controls whose level the tank has reached (within a second's flow).</summary>
    private void ApplyControls(long t)
    {
        var net = _net;
        var s = _state;
        foreach (var c in net.Controls)
        {
            bool fire = false;
            if (c.Node >= 0 && net.IsTank(c.Node))
            {
                int tank = net.TankOf(c.Node);
                double v1 = net.Volume(tank, s.Head[c.Node]);
                double v2 = net.Volume(tank, c.Head);
                double slack = Math.Abs(s.NetInflow[c.Node]);
                fire = c.Trigger == ControlTrigger.HeadBelow ? v1 <= v2 + slack : c.Trigger == ControlTrigger.HeadAbove && v1 >= v2 - slack;
            }
            else if (c.Trigger == ControlTrigger.AtTime) fire = c.Time == t;
            else if (c.Trigger == ControlTrigger.AtClockTime) fire = (t + net.Times.StartClockTime) % 86400 == c.Time;
            if (fire) ControlActions.Apply(net, s, c);
        }
    }

    private long NextStep(long t, long reportTime)
    {
        var net = _net;
        var s = _state;
        var times = net.Times;
        long step = times.HydraulicStep;
        long patternStep = Math.Max(1, times.PatternStep);
        long next = ((t + times.PatternStart) / patternStep + 1) * patternStep - times.PatternStart - t;
        if (next > 0 && next < step) step = next;
        next = reportTime - t;
        if (next > 0 && next < step) step = next;
        if (times.Duration - t > 0 && times.Duration - t < step) step = times.Duration - t;
        // A tank that fills or empties before then.
        for (int tank = 0; tank < net.Tanks; tank++)
        {
            int node = net.Junctions + net.Reservoirs + tank;
            double q = s.NetInflow[node];
            if (Math.Abs(q) <= HydraulicTolerances.ZeroFlow) continue;
            double v;
            if (q > 0 && s.Head[node] < net.TankMaxHead[tank]) v = net.TankMaxVolume[tank] - s.TankVolume[tank];
            else if (q < 0 && s.Head[node] > net.TankMinHead[tank]) v = net.TankMinVolume[tank] - s.TankVolume[tank];
            else continue;
            long due = (long)Math.Round(v / q, MidpointRounding.AwayFromZero);
            if (due > 0 && due < step) step = due;
        }
        // A control that would act before then.
        foreach (var c in net.Controls)
        {
            long due = 0;
            if (c.Node >= 0)
            {
                if (!net.IsTank(c.Node)) continue;
                double q = s.NetInflow[c.Node];
                if (Math.Abs(q) <= HydraulicTolerances.ZeroFlow) continue;
                double h = s.Head[c.Node];
                if ((h < c.Head && c.Trigger == ControlTrigger.HeadAbove && q > 0) || (h > c.Head && c.Trigger == ControlTrigger.HeadBelow && q < 0))
                {
                    int tank = net.TankOf(c.Node);
                    due = (long)Math.Round((net.Volume(tank, c.Head) - s.TankVolume[tank]) / q, MidpointRounding.AwayFromZero);
                }
            }
            else if (c.Trigger == ControlTrigger.AtTime)
            {
                if (c.Time > t) due = c.Time - t;
            }
            else if (c.Trigger == ControlTrigger.AtClockTime)
            {
                long now = (t + times.StartClockTime) % 86400;
                due = c.Time >= now ? c.Time - now : 86400 - now + c.Time;
            }
            if (due > 0 && due < step && ControlActions.WouldChange(net, s, c)) step = due;
        }
        return step;
    }

    private void UpdateTanks(long dt)
    {
        var net = _net;
        var s = _state;
        for (int tank = 0; tank < net.Tanks; tank++)
        {
            int node = net.Junctions + net.Reservoirs + tank;
            double q = s.NetInflow[node];
            double v = s.TankVolume[tank] + q * dt;
            // Steps are whole seconds, so a tank due to fill stops a fraction of a second short: one that would fill
            // within the next second is taken as full, so its inlets shut now. EPANET's rule, kept as it is (both ways
            // must step alike): its empty test is v − q ≤ Vmin, which for a draining tank (q < 0) snaps only a tank
            // already a second's flow below its minimum, so one a fraction of a second short of empty stays open a
            // step longer.
            if (v + q >= net.TankMaxVolume[tank]) v = net.TankMaxVolume[tank];
            else if (v - q <= net.TankMinVolume[tank]) v = net.TankMinVolume[tank];
            s.TankVolume[tank] = v;
            s.Head[node] = net.Head(tank, v);
        }
    }
}

/// <summary>A moment of an extended-period run whose hydraulics have no solution (and the network says to stop).</summary>
public sealed class HydraulicSolveException(long time, string problem)
    : Exception($"hydraulics at {time / 3600}:{time / 60 % 60:D2}:{time % 60:D2}: {problem}")
{
    public long Time { get; } = time;
}
