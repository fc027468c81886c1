using CityMesh.Simulation.Air.Faults;
using CityMesh.Simulation.Synthetic.Telemetry;
using CityMesh.Simulation.Synthetic.Telemetry.Scoring;

namespace CityMesh.Simulation.Energy.Anomalies;

/// <summary>
/// The meter detector live: the energy service hands it each reading as it arrives (<see cref="Add"/>) and calls
/// <see cref="Scan"/> on its own cadence (say hourly); each scan runs <see cref="MeterAnomalies.Scan"/> over the last
/// <see cref="Window"/> of every meter's readings on the meters' grid and returns only the faults not reported
/// before, as alerts. A fault seen again in a later scan (longer, its start re-estimated, even named differently as it
/// grows from a burst into a step) overlaps the one reported and stays silent. A rescan rather than a per-reading
/// filter because drift is only visible over hours and the meters' calibration needs days (see <see cref="SensorFaults"/>).
/// Readings are kept in a ring of slots per meter, one per interval: adding one allocates nothing. Not thread-safe:
/// one caller adds and scans.
/// </summary>
public sealed class MeterAnomalyMonitor
{
    private readonly MeterAnomalyOptions _options;
    private readonly int _slots;
    private readonly Dictionary<string, Ring> _meters = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];
    private readonly Dictionary<string, List<(DateTimeOffset Start, DateTimeOffset End)>> _reported = new(StringComparer.Ordinal);
    private long _latest = long.MinValue;
    private TimeSpan _offset;

    /// <param name="interval">The meters' reporting interval: the grid a reading is placed on (5 minutes for the synthetic meters).</param>
    /// <param name="window">How far back each scan looks; at least two days, so the detector can learn the day's shape.</param>
    public MeterAnomalyMonitor(TimeSpan interval, TimeSpan window, MeterAnomalyOptions? options = null)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "the interval must be positive");
        if (window < TimeSpan.FromDays(2)) throw new ArgumentOutOfRangeException(nameof(window), window, "the window must be at least two days");
        _options = options ?? new MeterAnomalyOptions();
        var errors = _options.Validate();
        if (errors.Count > 0) throw new ArgumentException("meter anomaly options are invalid: " + string.Join("; ", errors), nameof(options));
        Interval = interval;
        Window = window;
        _slots = (int)Math.Ceiling(window / interval);
    }

    public TimeSpan Interval { get; }

    public TimeSpan Window { get; }

    /// <summary>Takes one reading; a reading older than the window, or not finite, is ignored.</summary>
    public void Add(string meter, DateTimeOffset at, double kilowatts)
    {
        if (!double.IsFinite(kilowatts)) return;
        var slot = Math.DivRem(at.UtcTicks, Interval.Ticks, out _);
        if (_latest != long.MinValue && slot <= _latest - _slots) return;
        if (!_meters.TryGetValue(meter, out var ring))
        {
            _meters[meter] = ring = new Ring(_slots);
            _ids.Add(meter);
        }
        ring.Put(slot, kilowatts);
        if (slot > _latest)
        {
            _latest = slot;
            _offset = at.Offset; // the city's clock, which the detector's daily shape follows
        }
    }

    /// <summary>Scans the window ending at the latest reading; the alerts of faults not reported before.</summary>
    public IReadOnlyList<AnomalyAlert> Scan()
    {
        if (_latest == long.MinValue || _ids.Count < 2) return [];
        // Not before the first reading: the slots before it are no meter's silence.
        var first = Math.Max(_latest - _slots + 1, _meters.Values.Min(r => r.First));
        var count = (int)(_latest - first + 1);
        var start = SlotTime(first);
        var values = new double[_ids.Count][];
        for (var m = 0; m < _ids.Count; m++) values[m] = _meters[_ids[m]].Read(first, count);
        var faults = MeterAnomalies.Scan(new StationSeries(MeterAnomalies.Quantity, start, Interval, [.. _ids], values), _options);
        var alerts = new List<AnomalyAlert>();
        foreach (var fault in faults)
        {
            // A meter that joined later is not silent before its first reading.
            if (fault.Kind == AnomalyKinds.Dropout && fault.End < SlotTime(_meters[fault.Station].First)) continue;
            if (!_reported.TryGetValue(fault.Station, out var seen)) _reported[fault.Station] = seen = [];
            var known = seen.FindIndex(r => fault.Start <= r.End + Interval && fault.End >= r.Start - Interval);
            if (known >= 0)
            {
                var (s, e) = seen[known];
                seen[known] = (fault.Start < s ? fault.Start : s, fault.End > e ? fault.End : e);
                continue;
            }
            seen.Add((fault.Start, fault.End));
            alerts.Add(MeterAnomalies.Alert(fault, _options));
        }
        foreach (var seen in _reported.Values) seen.RemoveAll(r => r.End < start - Interval);
        return alerts;
    }

    private DateTimeOffset SlotTime(long slot) => new DateTimeOffset(slot * Interval.Ticks, TimeSpan.Zero).ToOffset(_offset);

    /// <summary>One meter's readings by slot: entry slot mod size holds the slot's value when its stamp is the slot.</summary>
    private sealed class Ring(int size)
    {
        private readonly double[] _values = new double[size];
        private readonly long[] _stamps = Enumerable.Repeat(long.MinValue, size).ToArray();

        /// <summary>The slot of the meter's earliest reading.</summary>
        public long First { get; private set; } = long.MaxValue;

        public void Put(long slot, double value)
        {
            if (slot < First) First = slot;
            var i = (int)(slot % size);
            _values[i] = value;
            _stamps[i] = slot;
        }

        public double[] Read(long first, int count)
        {
            var result = new double[count];
            for (var k = 0; k < count; k++)
            {
                var slot = first + k;
                var i = (int)(slot % size);
                result[k] = _stamps[i] == slot ? _values[i] : double.NaN;
            }
            return result;
        }
    }
}
