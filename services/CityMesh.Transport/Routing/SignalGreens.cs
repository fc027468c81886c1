using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Transport.Routing;

/// <summary>
/// The green each movement (approach road → exit road) gets from its junction's fixed-time plan: a movement is
/// green in a phase when any of its lane links shows G or g, so a vehicle is taken to choose the lane that goes.
/// Built once per network topology; queries allocate nothing.
/// </summary>
internal sealed class SignalGreens
{
    private readonly Dictionary<(int From, int To), double> _greenShare = [];
    private readonly double[] _cycle;           // by edge: the cycle of the signal at its end, 0 when unsignalised
    private readonly double[] _approachShare;   // by edge: mean green share of its straight and left movements
    private readonly double[] _mixRedSquare;    // by edge: mean of (1 − green share)² over all its movements, rights too

    public SignalGreens(TrafficNetwork network)
    {
        var edges = network.Edges.Count;
        _cycle = new double[edges];
        _approachShare = new double[edges];
        _mixRedSquare = new double[edges];
        var turns = new Dictionary<(int From, int To), (int Signal, Turn Turn, HashSet<int> Links)>();
        foreach (var c in network.Connections)
        {
            if (c.Signal is not { } signal) continue;
            var key = (network.Lanes[c.FromLane].Edge, network.Lanes[c.ToLane].Edge);
            if (!turns.TryGetValue(key, out var movement)) turns[key] = movement = (signal, c.Turn, []);
            movement.Links.Add(c.LinkIndex);
        }
        var crosses = new bool[edges];
        foreach (var ((from, _), movement) in turns) crosses[from] |= movement.Turn is not Turn.Right;
        var sums = new double[edges];
        var counts = new int[edges];
        var mixCounts = new int[edges];
        foreach (var ((from, to), (signal, turn, links)) in turns)
        {
            var program = network.Signals[signal];
            var cycle = program.Cycle;
            if (cycle <= 0) continue;
            var green = program.Phases.Where(p => links.Any(l => l < p.State.Length && p.State[l] is 'G' or 'g')).Sum(p => p.Duration);
            var share = green / cycle;
            _greenShare[(from, to)] = share;
            _cycle[from] = cycle;
            _mixRedSquare[from] += (1 - share) * (1 - share);
            mixCounts[from]++;
            // Right turns often go on every phase; averaging them in would hide the wait of the traffic that crosses.
            if (turn is Turn.Right && crosses[from]) continue;
            sums[from] += share;
            counts[from]++;
        }
        for (var e = 0; e < edges; e++)
        {
            _approachShare[e] = counts[e] > 0 ? sums[e] / counts[e] : 1;
            if (mixCounts[e] > 0) _mixRedSquare[e] /= mixCounts[e];
        }
    }

    /// <summary>Cycle seconds of the signal at the end of <paramref name="edge"/>, 0 when its end is not signalised.</summary>
    public double Cycle(int edge) => _cycle[edge];

    public bool IsSignalised(int edge) => _cycle[edge] > 0;

    /// <summary>Share of the cycle the movement is green (1 when it is not signalised).</summary>
    public double GreenShare(int from, int to) => _greenShare.TryGetValue((from, to), out var share) ? share : 1;

    /// <summary>The approach's typical green share, for costing the road before the next turn is known.</summary>
    public double ApproachGreenShare(int edge) => _approachShare[edge];

    /// <summary>
    /// Mean (1 − green share)² over every movement of the approach, right turns included: the red a detector's
    /// average over all its vehicles has seen, with no turn counts to weight the movements (taken as equal).
    /// </summary>
    public double MixRedSquare(int edge) => _mixRedSquare[edge];
}
