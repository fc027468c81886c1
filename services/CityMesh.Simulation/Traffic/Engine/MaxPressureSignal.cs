namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// One signal under max pressure: its green phases (those without yellow) are candidates; once the current green
/// has lasted the minimum, each step picks the candidate of largest pressure, and a change goes through a yellow
/// on the links that lose their green. Ties keep the current phase.
/// </summary>
internal sealed class MaxPressureSignal
{
    private readonly LinkState[][] _phases;
    private readonly int[] _greenPhases;
    private readonly double _minGreen, _yellow;
    private readonly LinkState[] _yellowBuffer;
    private int _phase, _target = -1;
    private double _elapsed, _yellowLeft;

    public MaxPressureSignal(LinkState[][] phases, double minGreen, double yellow, LinkState[] yellowBuffer)
    {
        _phases = phases;
        _greenPhases = Enumerable.Range(0, phases.Length)
            .Where(p => phases[p].Any(SignalStates.IsGreen) && !phases[p].Contains(LinkState.Yellow))
            .ToArray();
        _minGreen = minGreen;
        _yellow = yellow;
        _yellowBuffer = yellowBuffer;
        if (_greenPhases.Length > 0) _phase = _greenPhases[0];
    }

    public bool HasGreenPhases => _greenPhases.Length > 0;

    public LinkState[] Advance(double time, double dt, ReadOnlySpan<int> pressure)
    {
        if (_target >= 0)
        {
            _yellowLeft -= dt;
            if (_yellowLeft > 1e-9) return _yellowBuffer;
            _phase = _target;
            _target = -1;
            _elapsed = 0;
            return _phases[_phase];
        }
        if (time > 0) _elapsed += dt;
        if (_elapsed + 1e-9 < _minGreen) return _phases[_phase];

        int best = _phase, bestPressure = pressure[_phase];
        foreach (int candidate in _greenPhases)
        {
            if (candidate == _phase) continue;
            int p = pressure[candidate];
            if (p > bestPressure) (best, bestPressure) = (candidate, p);
        }
        if (best == _phase) return _phases[_phase];

        if (_yellow <= 0)
        {
            _phase = best;
            _elapsed = 0;
            return _phases[_phase];
        }
        var from = _phases[_phase];
        var to = _phases[best];
        for (int i = 0; i < _yellowBuffer.Length; i++)
        {
            var now = i < from.Length ? from[i] : LinkState.Red;
            bool keepsGreen = i < to.Length && SignalStates.IsGreen(to[i]);
            _yellowBuffer[i] = SignalStates.IsGreen(now) && !keepsGreen ? LinkState.Yellow : now;
        }
        _target = best;
        _yellowLeft = _yellow;
        return _yellowBuffer;
    }
}
