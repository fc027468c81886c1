using CityMesh.Simulation.Traffic.Engine;

namespace CityMesh.Simulation.Health;

/// <summary>
/// A discrete-event simulation of <see cref="PatientFlow"/>: an event list in time order, each stage a pool of
/// servers (nurses, beds) with a first-come-first-served queue. Deterministic for a seed. Figures count from the end
/// of the warm-up, so the empty hospital at time 0 does not flatter the waits.
/// </summary>
public sealed class PatientFlowSimulation
{
    private const uint Stream = 20;
    private readonly PatientFlow _flow;
    private readonly ulong _seed;
    private readonly PriorityQueue<(int Kind, int Patient), (double Time, long Order)> _events = new();
    private readonly List<Patient> _patients = [];
    private readonly Stage _triage, _ed, _ward, _icu;
    private long _order, _draws;
    private double _now, _warmUp, _edStaySum;
    private long _edStays;

    private const int Arrive = 0, TriageDone = 1, EdDone = 2, WardDone = 3, IcuDone = 4;

    public PatientFlowSimulation(PatientFlow flow, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var problems = flow.Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(flow));
        _flow = flow;
        _seed = seed;
        _triage = new Stage("triage", flow.TriageNurses, this);
        _ed = new Stage("emergency department", flow.EdBeds, this);
        _ward = new Stage("ward", flow.WardBeds, this);
        _icu = new Stage("intensive care", flow.IcuBeds, this);
    }

    /// <summary>Runs <paramref name="days"/> of simulated time, counting from <paramref name="warmUpDays"/> on.</summary>
    public PatientFlowResult Run(double days, double warmUpDays = 0, CancellationToken ct = default)
    {
        if (!(days > warmUpDays) || warmUpDays < 0) throw new ArgumentException($"days ({days}) must exceed the warm-up ({warmUpDays}) ≥ 0");
        double end = days * 1440;
        _warmUp = warmUpDays * 1440;
        for (int k = 0; k < _flow.WardOccupiedAtStart; k++) Seat(_ward, _flow.WardDays, WardDone);
        for (int k = 0; k < _flow.IcuOccupiedAtStart; k++) Seat(_icu, _flow.IcuDays, IcuDone);
        Schedule(Exponential(60 / _flow.ArrivalsPerHour), Arrive, -1);
        long arrivals = 0;
        while (_events.TryDequeue(out var e, out var at) && at.Time <= end)
        {
            if ((_order & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            _now = at.Time;
            switch (e.Kind)
            {
                case Arrive:
                    if (_now >= _warmUp) arrivals++;
                    _patients.Add(new Patient());
                    int id = _patients.Count - 1;
                    Schedule(_now + Exponential(60 / _flow.ArrivalsPerHour), Arrive, -1);
                    _triage.Request(id, () => Schedule(_now + Exponential(_flow.TriageMinutes), TriageDone, id));
                    break;
                case TriageDone:
                    _triage.Release();
                    int p = e.Patient;
                    _ed.Request(p, () => { _patients[p].EdStart = _now; Schedule(_now + Exponential(_flow.EdMinutes), EdDone, p); });
                    break;
                case EdDone:
                    Disposition(e.Patient);
                    break;
                case WardDone:
                    _ward.Release();
                    break;
                case IcuDone:
                    _icu.Release();
                    break;
            }
        }
        _now = end;
        var stages = new[] { _triage, _ed, _ward, _icu }.Select(s => s.Figures(end - _warmUp)).ToList();
        return new PatientFlowResult(stages, arrivals, _edStays == 0 ? 0 : _edStaySum / _edStays, days - warmUpDays);
    }

    /// <summary>Home (the ED bed frees now), or a ward or ICU bed, holding the ED bed until it is free (boarding).</summary>
    private void Disposition(int patient)
    {
        double u = Uniform();
        if (u >= _flow.WardShare + _flow.IcuShare)
        {
            LeaveEd(patient);
            return;
        }
        bool icu = u < _flow.IcuShare;
        var stage = icu ? _icu : _ward;
        stage.Request(patient, () =>
        {
            LeaveEd(patient);
            Schedule(_now + Exponential((icu ? _flow.IcuDays : _flow.WardDays) * 1440), icu ? IcuDone : WardDone, patient);
        });
    }

    private void LeaveEd(int patient)
    {
        _ed.Release();
        if (_patients[patient].EdStart >= _warmUp)
        {
            _edStaySum += _now - _patients[patient].EdStart;
            _edStays++;
        }
    }

    /// <summary>A patient in a bed at time 0, with the rest of its stay to run (not counted as served: it waited before the run).</summary>
    private void Seat(Stage stage, double meanDays, int done)
    {
        _patients.Add(new Patient());
        stage.Seat();
        Schedule(Exponential(meanDays * 1440), done, _patients.Count - 1);
    }

    private void Schedule(double time, int kind, int patient) => _events.Enqueue((kind, patient), (time, _order++));

    private double Uniform() => (CounterRandom.Uniform32(_seed, 0, _draws++, Stream) + 0.5) / 4294967296.0;

    private double Exponential(double mean) => -mean * Math.Log(Uniform());

    private sealed class Patient
    {
        public double EdStart;
    }

    /// <summary>Servers with a FIFO queue; a request starts at once when one is free, else when one is released to it.</summary>
    private sealed class Stage(string name, int servers, PatientFlowSimulation sim)
    {
        private readonly Queue<(double Since, Action Start)> _queue = new();
        private readonly List<double> _waits = [];
        private int _busy;
        private long _served, _waited;
        private double _waitSum, _busyArea, _lastChange;

        public void Request(int patient, Action start)
        {
            if (_busy < servers)
            {
                Begin(sim._now, start);
                return;
            }
            _queue.Enqueue((sim._now, start));
        }

        public void Seat()
        {
            Account();
            _busy++;
        }

        public void Release()
        {
            Account();
            _busy--;
            if (_queue.TryDequeue(out var next)) Begin(next.Since, next.Start);
        }

        private void Begin(double since, Action start)
        {
            Account();
            _busy++;
            if (since >= sim._warmUp)
            {
                double wait = sim._now - since;
                _served++;
                if (wait > 0) _waited++;
                _waitSum += wait;
                _waits.Add(wait);
            }
            start();
        }

        /// <summary>Busy servers × time since the last change, from the warm-up on.</summary>
        private void Account()
        {
            double from = Math.Max(_lastChange, sim._warmUp);
            if (sim._now > from) _busyArea += _busy * (sim._now - from);
            _lastChange = sim._now;
        }

        public StageFigures Figures(double window)
        {
            Account();
            _waits.Sort();
            double p95 = _waits.Count == 0 ? 0 : _waits[(int)(0.95 * (_waits.Count - 1))];
            return new StageFigures(name, _served, _served == 0 ? 0 : (double)_waited / _served, _served == 0 ? 0 : _waitSum / _served,
                p95, window > 0 ? _busyArea / (servers * window) : 0);
        }
    }
}
