using System.Diagnostics;

namespace CityMesh.Simulation.Evacuation;

/// <summary>
/// People walking from their doors to shelters over a walkway graph (README.md). Each <see cref="Step"/> is a list
/// of named phases: closures that fall due shut their links and the routes are recomputed; each link's walking speed
/// (Weidmann's diagram at the density of its walkers) and budgets (what passes its ends, what it takes in) are set
/// and its crowding tallied; people whose time has come leave their doors; walkers move and join the line at their
/// link's end; lines pass on across nodes into links and shelters; the counts are sampled. Allocation-free per
/// step, single-threaded and deterministic: a run is a pure function of its inputs and seed.
/// </summary>
public sealed class EvacuationSimulation
{
    private readonly EvacuationOptions _options;
    private readonly EvacuationState _state;
    private readonly WalkwayRoutes _routes;
    private readonly Crossings _crossings;
    private readonly IReadOnlyList<Shelter> _shelters;
    private readonly WalkwayClosure[] _closures;
    private readonly double _critical, _maxFlow, _crowded, _jam;
    private readonly double[] _sampleSeconds;
    private readonly int[] _sampleOccupancy, _sampleOthers, _sampleCounts;
    private readonly ShelterArrival[] _arrivals;
    private readonly int[] _admitted;
    private int _samples, _nextClosure, _nextArrival;
    private double _nextSample;
    private long _wallTicks, _personSteps;

    /// <param name="arrivals">People reaching shelters by other means (cars) and when; they take places as walkers do.</param>
    public EvacuationSimulation(WalkwayGraph graph, IReadOnlyList<Shelter> shelters, IReadOnlyList<EvacueeGroup> groups,
        EvacuationOptions options, IReadOnlyList<StreetWalker>? walkers = null, IReadOnlyList<ShelterArrival>? arrivals = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        walkers ??= [];
        groups ??= [];
        arrivals ??= [];
        var problems = options.Problems(graph, shelters, groups, walkers, arrivals);
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(options));
        _options = options;
        _shelters = shelters;
        int people = groups.Sum(g => g.People) + walkers.Count;
        _state = new EvacuationState(graph, shelters, groups, people, options);
        _routes = new WalkwayRoutes(graph, shelters);
        _crossings = new Crossings(_state, _routes);
        _closures = options.Closures.OrderBy(c => c.AtSeconds).ThenBy(c => c.Link).ToArray();
        _arrivals = arrivals.OrderBy(a => a.Seconds).ThenBy(a => a.Shelter).ToArray();
        _admitted = new int[_arrivals.Length];
        _critical = options.Walking.CriticalDensity();
        _maxFlow = options.Walking.MaxFlow();
        _crowded = options.CrowdedDensity;
        _jam = options.JamSpeed;
        int samples = (int)Math.Ceiling(options.Seconds / options.SampleSeconds) + 2;
        _sampleSeconds = new double[samples];
        _sampleOccupancy = new int[samples * shelters.Count];
        _sampleOthers = new int[samples * shelters.Count];
        _sampleCounts = new int[samples * 6];
        ApplyClosures();
        _routes.Compute(_state.Closed);
        Departures.Plan(_state, _routes, groups, walkers, options);
        Sample();
    }

    internal EvacuationState State => _state;

    public double Time => _state.Time;

    public long Steps => _state.Step;

    /// <summary>The horizon is reached, or no one is left at home, walking or in line, nor to arrive by other means.</summary>
    public bool IsFinished => _state.Time >= _options.Seconds - 1e-9 || (Counts.Moving == 0 && _nextArrival == _arrivals.Length);

    public PersonCounts Counts => PersonCounts.Of(_state.ByStatus);

    public int Occupancy(int shelter) => _state.Occupancy[shelter];

    /// <summary>People who have left <paramref name="link"/> (at either end) so far.</summary>
    public long Passed(int link) => _state.Passed[link];

    /// <summary>People on <paramref name="link"/> now, walking and in line.</summary>
    public int OnLink(int link) => _state.OnLink(link);

    /// <summary>The walking speed on <paramref name="link"/> this step, m/s.</summary>
    public double Speed(int link) => _state.Speed[link];

    public void Step()
    {
        long started = Stopwatch.GetTimestamp();
        if (ApplyClosures()) _routes.Compute(_state.Closed);
        Receive();
        PlanLinks();
        Leave();
        Walk();
        Cross();
        _state.Step++;
        _state.Time = _state.Step * _state.Dt;
        if (_state.Time >= _nextSample - 1e-9) Sample();
        _wallTicks += Stopwatch.GetTimestamp() - started;
    }

    public EvacuationResult Run(CancellationToken cancellationToken = default)
    {
        while (!IsFinished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Step();
        }
        return Result;
    }

    /// <summary>Closures whose time has come shut their links; true when one did.</summary>
    private bool ApplyClosures()
    {
        bool any = false;
        while (_nextClosure < _closures.Length && _closures[_nextClosure].AtSeconds <= _state.Time + 1e-9)
        {
            _state.Closed[_closures[_nextClosure++].Link] = true;
            any = true;
        }
        return any;
    }

    /// <summary>People arriving by other means during this step take the places left, first come first served.</summary>
    private void Receive()
    {
        var s = _state;
        double end = s.Time + s.Dt;
        while (_nextArrival < _arrivals.Length && _arrivals[_nextArrival].Seconds < end)
        {
            var arrival = _arrivals[_nextArrival];
            int k = arrival.Shelter, inside = Math.Min(arrival.People, Math.Max(0, s.Capacity[k] - s.Occupancy[k]));
            s.Occupancy[k] += inside;
            s.OthersIn[k] += inside;
            s.OthersTurnedAway[k] += arrival.People - inside;
            _admitted[_nextArrival++] = inside;
        }
    }

    /// <summary>
    /// Per link, from the people on it at the step's start: the walkers' density over the length the lines leave
    /// them, their speed, the budgets (each end passes the maximum specific flow × width; the link takes in its
    /// supply at the walkers' density), and the crowding tallies on the density of everyone on it.
    /// </summary>
    private void PlanLinks()
    {
        var s = _state;
        var g = s.Graph;
        double dt = s.Dt, js = _options.MaxSpecificFlow;
        var diagram = _options.Walking;
        for (int l = 0; l < g.LinkCount; l++)
        {
            int queued = s.QueueCount[2 * l] + s.QueueCount[2 * l + 1];
            double width = g.Width[l];
            double free = Math.Max(g.Length[l] - queued * s.PerQueueMetre[l], 1e-6 * g.Length[l]);
            double walking = s.Walkers[l] / (width * free);
            s.Speed[l] = diagram.Speed(walking);
            double exit = js * width * dt;
            s.ExitBudget[2 * l] = EvacuationState.Refill(s.ExitBudget[2 * l], exit);
            s.ExitBudget[2 * l + 1] = EvacuationState.Refill(s.ExitBudget[2 * l + 1], exit);
            s.EntryBudget[l] = s.Closed[l] ? 0 : EvacuationState.Refill(s.EntryBudget[l], width * diagram.Supply(walking, _critical, _maxFlow) * dt);
            int on = s.Walkers[l] + queued;
            if (on == 0) continue;
            double density = on / (width * g.Length[l]);
            if (density > s.PeakDensity[l]) s.PeakDensity[l] = density;
            if (density >= _crowded) s.CrowdedSeconds[l] += dt;
        }
        for (int k = 0; k < s.DoorBudget.Length; k++) s.DoorBudget[k] = EvacuationState.Refill(s.DoorBudget[k], s.DoorRate[k]);
        for (int k = 0; k < s.EntranceBudget.Length; k++) s.EntranceBudget[k] = EvacuationState.Refill(s.EntranceBudget[k], s.EntranceRate[k]);
    }

    /// <summary>People whose departure has come leave their doors in order, as far as the door and the first link let them.</summary>
    private void Leave()
    {
        var s = _state;
        for (int g = 0; g < s.GroupNode.Length; g++)
        {
            int end = s.GroupFirst[g + 1];
            while (s.GroupNext[g] < end)
            {
                int i = s.Order[s.GroupNext[g]];
                if (s.Status[i] == PersonStatus.Stranded) { s.GroupNext[g]++; continue; }
                if (s.Depart[i] > s.Time) break;
                if (_crossings.Pass(i, s.GroupNode[g], ref s.DoorBudget[g], 0, s.Time, out _) != PassOutcome.Passed) break;
                s.GroupNext[g]++;
            }
        }
    }

    /// <summary>
    /// Walkers move v · dt; one who reaches the tail of the line at the link's end joins it, and so does everyone on
    /// a link whose speed is under the jam speed (a standing crowd is a line). One who reaches an end with no line
    /// keeps what they overshot (negative metres) and the moment they got there, so their time does not depend on
    /// the step.
    /// </summary>
    private void Walk()
    {
        var s = _state;
        double dt = s.Dt, now = s.Time;
        long walked = 0;
        for (int i = 0; i < s.People; i++)
        {
            if (s.Status[i] != PersonStatus.Walking) continue;
            walked++;
            int l = s.Link[i];
            double v = s.Speed[l], before = s.Remaining[i], after = before - v * dt;
            int queue = s.End(l, s.Toward[i]);
            double tail = s.QueueCount[queue] * s.PerQueueMetre[l];
            if (after > tail && v >= _jam)
            {
                s.Remaining[i] = after;
                continue;
            }
            if (s.QueueCount[queue] == 0 && after <= 0)
            {
                s.Reached[i] = now + (v > 0 ? Math.Min(dt, before / v) : dt);
                s.Remaining[i] = Math.Min(after, 0);
            }
            else
            {
                s.Reached[i] = now + dt;
                s.Remaining[i] = 0;
            }
            s.JoinedStep[i] = s.Step;
            s.Walkers[l]--;
            s.Enqueue(queue, i);
            s.SetStatus(i, PersonStatus.Queued);
        }
        _personSteps += walked;
    }

    /// <summary>
    /// Each line passes on from its head, in order, until someone cannot; the lines are visited from a start that
    /// turns each step, so no link always goes first where several meet. A head held only because the next link is
    /// full passes someone coming the other way out of it, if that one wants its link (Crossings.Swap).
    /// </summary>
    private void Cross()
    {
        var s = _state;
        int queues = s.QueueCount.Length;
        if (queues == 0) return;
        int start = (int)(s.Step % queues);
        double end = s.Time + s.Dt;
        for (int k = 0; k < queues; k++)
        {
            int q = start + k;
            if (q >= queues) q -= queues;
            int link = q >> 1;
            int node = (q & 1) == 1 ? s.Graph.To[link] : s.Graph.From[link];
            while (s.QueueCount[q] > 0)
            {
                int i = s.Head(q);
                bool fresh = s.JoinedStep[i] == s.Step;
                // Overshoot carries on only on the step they got there; later they start from the node.
                double carry = fresh ? s.Remaining[i] : 0;
                double arrival = fresh ? s.Reached[i] : end;
                var outcome = _crossings.Pass(i, node, ref s.ExitBudget[q], carry, arrival, out int next);
                if (outcome == PassOutcome.Passed)
                {
                    s.Dequeue(q);
                    s.Passed[link]++;
                    continue;
                }
                if (outcome != PassOutcome.Full || !_crossings.Swap(i, q, next, node)) break;
            }
        }
    }

    private void Sample()
    {
        var s = _state;
        if (_samples >= _sampleSeconds.Length) return;
        _sampleSeconds[_samples] = s.Time;
        for (int k = 0; k < _shelters.Count; k++)
        {
            _sampleOccupancy[_samples * _shelters.Count + k] = s.Occupancy[k];
            _sampleOthers[_samples * _shelters.Count + k] = s.OthersIn[k];
        }
        for (int k = 0; k < 6; k++) _sampleCounts[_samples * 6 + k] = s.ByStatus[k];
        _samples++;
        while (_nextSample <= s.Time + 1e-9) _nextSample += _options.SampleSeconds;
    }

    /// <summary>The outputs so far (the last sample is now, if the run ended between samples).</summary>
    public EvacuationResult Result
    {
        get
        {
            var s = _state;
            int samples = _samples;
            bool current = samples > 0 && _sampleSeconds[samples - 1] == s.Time;
            var times = _sampleSeconds.Take(samples).ToList();
            var counts = Enumerable.Range(0, samples).Select(k => PersonCounts.Of(_sampleCounts.AsSpan(k * 6, 6))).ToList();
            var occupancy = _shelters.Select((_, j) => Enumerable.Range(0, samples).Select(k => _sampleOccupancy[k * _shelters.Count + j]).ToList()).ToList();
            var others = _shelters.Select((_, j) => Enumerable.Range(0, samples).Select(k => _sampleOthers[k * _shelters.Count + j]).ToList()).ToList();
            if (!current)
            {
                times.Add(s.Time);
                counts.Add(Counts);
                for (int j = 0; j < _shelters.Count; j++)
                {
                    occupancy[j].Add(s.Occupancy[j]);
                    others[j].Add(s.OthersIn[j]);
                }
            }
            var shelters = _shelters.Select((shelter, j) => new ShelterLoad(shelter.Name, shelter.Capacity, occupancy[j], s.TurnedAway[j])
            {
                Others = others[j], OthersTurnedAway = s.OthersTurnedAway[j],
            }).ToList();
            var links = Enumerable.Range(0, s.Graph.LinkCount)
                .Select(l => new LinkLoad(l, s.Graph.Road[l], s.PeakDensity[l], s.CrowdedSeconds[l], s.Passed[l])).ToList();
            var arrivals = s.Arrival.Where(a => !double.IsNaN(a)).Order().ToArray();
            return new EvacuationResult(s.People, Counts, Clearance(arrivals, 0.9), Clearance(arrivals, 1.0), times, counts, shelters, links,
                s.Step, s.Time, Stopwatch.GetElapsedTime(0, _wallTicks).TotalSeconds, _personSteps)
            {
                Arrivals = arrivals, OtherArrivals = Enumerable.Range(0, _nextArrival).Select(k => (_arrivals[k], _admitted[k])).ToList(),
            };
        }
    }

    /// <summary>When the share <paramref name="share"/> of all the people were in shelters: the k-th arrival, k = ⌈share · people⌉; null if fewer arrived.</summary>
    private double? Clearance(double[] arrivals, double share)
    {
        int k = (int)Math.Ceiling(share * _state.People - 1e-9);
        if (k <= 0) return 0;
        return arrivals.Length >= k ? arrivals[k - 1] : null;
    }
}
