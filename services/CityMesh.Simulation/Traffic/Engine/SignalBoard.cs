using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// Every signal's current link states, advanced once per step by fixed time or max pressure, and written into the
/// per-connection <see cref="LinkState"/> array the kernels read.
/// </summary>
internal sealed class SignalBoard
{
    private readonly SignalProgram[] _programs;
    private readonly LinkState[][][] _phaseStates;   // [signal][phase][link index]
    private readonly LinkState[][] _current;         // [signal] → the states shown now (a phase's, or the yellow buffer)
    private readonly LinkState[][] _yellowBuffer;    // [signal], reused for every transition
    private readonly int[] _signalConnStart, _signalConns;
    private readonly MaxPressureSignal?[]? _maxPressure;   // null entries keep their fixed plan
    private readonly int[][] _pressures;             // [signal][phase], refilled each step under max pressure

    public SignalBoard(TrafficNetwork network, RoadTables roads, TrafficSimulationOptions options)
    {
        _programs = network.Signals.ToArray();
        int signals = _programs.Length;
        _phaseStates = new LinkState[signals][][];
        _current = new LinkState[signals][];
        _yellowBuffer = new LinkState[signals][];
        for (int s = 0; s < signals; s++)
        {
            var program = _programs[s];
            if (program.Phases.Count == 0 || program.Cycle <= 0)
                throw new ArgumentException($"Signal '{program.Id}' has no phases with a positive duration.", nameof(network));
            _phaseStates[s] = program.Phases.Select(p => SignalStates.Decode(p.State)).ToArray();
            _current[s] = _phaseStates[s][0];
            _yellowBuffer[s] = new LinkState[_phaseStates[s].Max(p => p.Length)];
        }
        _pressures = _phaseStates.Select(p => new int[p.Length]).ToArray();

        _signalConnStart = new int[signals + 1];
        for (int c = 0; c < roads.ConnectionCount; c++)
        {
            int s = roads.ConnSignal[c];
            if (s < 0) continue;
            if (_phaseStates[s].Any(p => roads.ConnLinkIndex[c] >= p.Length))
                throw new ArgumentException($"Connection {c} has link index {roads.ConnLinkIndex[c]} beyond signal '{_programs[s].Id}'.", nameof(network));
            _signalConnStart[s + 1]++;
        }
        for (int s = 0; s < signals; s++) _signalConnStart[s + 1] += _signalConnStart[s];
        _signalConns = new int[_signalConnStart[signals]];
        var fill = (int[])_signalConnStart.Clone();
        for (int c = 0; c < roads.ConnectionCount; c++)
            if (roads.ConnSignal[c] >= 0) _signalConns[fill[roads.ConnSignal[c]]++] = c;

        if (options.Controller == SignalControl.MaxPressure || options.MaxPressureAt is { Count: > 0 })
            _maxPressure = Enumerable.Range(0, signals)
                .Select(s => options.Controller == SignalControl.MaxPressure || options.MaxPressureAt!.Contains(_programs[s].Id)
                    ? new MaxPressureSignal(_phaseStates[s], options.MinGreen, options.Yellow, _yellowBuffer[s])
                    : null)
                .ToArray();
    }

    /// <summary>Sets the states shown during the step that starts at <paramref name="time"/> and copies them to the links.</summary>
    public void Advance(double time, double dt, RoadTables roads, LaneQueues lanes, LinkState[] linkStates)
    {
        for (int s = 0; s < _programs.Length; s++)
        {
            var mp = _maxPressure?[s];
            if (mp is { HasGreenPhases: true })
            {
                var pressures = _pressures[s];
                for (int p = 0; p < pressures.Length; p++) pressures[p] = Pressure(s, p, roads, lanes);
                _current[s] = mp.Advance(time, dt, pressures);
            }
            else
            {
                _current[s] = _phaseStates[s][FixedTimePhase(_programs[s], time)];
            }
        }
        for (int k = 0; k < _signalConns.Length; k++)
        {
            int c = _signalConns[k];
            linkStates[c] = _current[roads.ConnSignal[c]][roads.ConnLinkIndex[c]];
        }
    }

    /// <summary>SUMO's offset: the first phase starts at t = offset, so the cycle position is (t − offset) mod cycle.</summary>
    public static int FixedTimePhase(SignalProgram program, double time)
    {
        double cycle = program.Cycle;
        double inCycle = (time - program.Offset) % cycle;
        if (inCycle < 0) inCycle += cycle;
        for (int p = 0; p < program.Phases.Count; p++)
        {
            inCycle -= program.Phases[p].Duration;
            if (inCycle < 0) return p;
        }
        return program.Phases.Count - 1;
    }

    /// <summary>Σ over the links green in <paramref name="phase"/> of (vehicles upstream − vehicles downstream).</summary>
    private int Pressure(int signal, int phase, RoadTables roads, LaneQueues lanes)
    {
        var states = _phaseStates[signal][phase];
        int pressure = 0;
        for (int k = _signalConnStart[signal]; k < _signalConnStart[signal + 1]; k++)
        {
            int c = _signalConns[k];
            if (SignalStates.IsGreen(states[roads.ConnLinkIndex[c]]))
                pressure += lanes.Count(roads.ConnFrom[c]) - lanes.Count(roads.ConnTo[c]);
        }
        return pressure;
    }
}
