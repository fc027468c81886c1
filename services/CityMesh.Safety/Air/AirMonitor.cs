using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Air.Alerts;
using CityMesh.Simulation.Air.Faults;
using CityMesh.Simulation.Air.Index;
using CityMesh.Twin.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Safety.Air;

/// <summary>One station as the monitor sees it now: its latest readings, its index over WHO's averaging times, its alert and faults.</summary>
/// <param name="Means">Each pollutant's mean over the index's averaging time (24 h, 8 h for O3), where the readings cover 75 % of it.</param>
/// <param name="Band">The index band of the means; null until a mean is valid.</param>
public sealed record AirStationNow(string Id, string Name, double Longitude, double Latitude, IReadOnlyDictionary<string, double> Latest, DateTimeOffset? ObservedAt,
    IReadOnlyDictionary<string, double> Means, string? Band, string? Colour, string? Dominant, string? Message, string? SensitiveMessage, AirAlert? Alert,
    IReadOnlyList<SensorFault> Faults)
{
    /// <summary>A sensor stuck, drifting or out of range now: its readings shape no map and no route.</summary>
    public bool Faulty => Faults.Any(f => f.Kind is SensorFaultKinds.Stuck or SensorFaultKinds.Drift or SensorFaultKinds.LevelShift or SensorFaultKinds.OutOfRange);
}

/// <summary>
/// Follows the city's air quality stations (FIWARE <c>AirQualityObserved</c>: <c>no2</c>, <c>pm25</c>, … with their
/// <c>observedAt</c>) and its streets through the twin read API. Each new reading goes into the station's rolling
/// means; the means give the station's band on the local index (<see cref="AirIndex.Default"/>, WHO 2021 levels) and
/// its band alerts (<see cref="AirAlerts"/>: up at once, down only when clearly below for an hour), which are handed to
/// <see cref="Changed"/>. Every <see cref="SafetyOptions.AirFaultScanInterval"/> the last three days of readings are
/// scanned for faulty sensors (stuck, drift, level shifts, spikes, out of range). The streets are kept for the
/// least-exposed walking routes.
/// </summary>
public sealed class AirMonitor(TwinReaderConnection reader, SafetyOptions options, string city, TimeProvider clock, ILogger<AirMonitor> logger,
    IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    /// <summary>How much of each station's readings is kept: the fault scan's window.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(3);

    /// <summary>Hours of hourly means kept per station and pollutant: four weeks, the forecast's training window.</summary>
    public const int HourlyKept = 28 * 24;

    /// <summary>The grid the fault scan resamples the readings onto.</summary>
    public static readonly TimeSpan ScanStep = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly AirIndex _index = AirIndex.Default;
    private readonly AirAlerts _alerts = new(AirIndex.Default, new AirAlertOptions { AlertBand = options.AirAlertBand });
    private readonly Dictionary<string, Station> _stations = new(StringComparer.Ordinal);
    private IReadOnlyList<JsonElement> _roads = [];
    private int _roadsVersion;

    /// <summary>Raised after each alert raised, moved or cleared, outside the lock (the response opens incidents).</summary>
    public event Func<AirAlertChange, AirStationNow, CancellationToken, Task>? Changed;

    public bool Ready { get; private set; }

    public AirIndex Index => _index;

    /// <summary>The stations now, by id.</summary>
    public IReadOnlyList<AirStationNow> Stations()
    {
        lock (_gate) return [.. _stations.Values.OrderBy(s => s.Id, StringComparer.Ordinal).Select(Now)];
    }

    /// <summary>
    /// Every station's hourly means of <paramref name="pollutant"/> up to the last complete hour before the station's
    /// latest reading (the city's clock is the readings'); stations without any are left out.
    /// </summary>
    public IReadOnlyList<(string Station, string Name, DateTimeOffset Start, double[] Means)> HourlyMeans(string pollutant)
    {
        lock (_gate)
            return [.. _stations.Values.OrderBy(s => s.Id, StringComparer.Ordinal)
                .Select(s => (s, hourly: s.LatestTime is { } latest ? s.Hourly(pollutant, latest) : null))
                .Where(x => x.hourly is not null)
                .Select(x => (x.s.Id, x.s.Name, x.hourly!.Value.Start, x.hourly.Value.Means))];
    }

    /// <summary>The twin's road segments last read, and a number that changes when they do (for the walking graph's cache).</summary>
    public (IReadOnlyList<JsonElement> Roads, int Version) Roads
    {
        get { lock (_gate) return (_roads, _roadsVersion); }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (lifetime is not null) await lifetime.WhenStartedAsync(stoppingToken);
        var follower = new TwinFollower(reader, [EntityTypes.AirQualityObserved, EntityTypes.RoadSegment], city, clock, logger);
        // Every read is observed, in order: each holds readings the next may not (a station reports between them).
        var reads = System.Threading.Channels.Channel.CreateUnbounded<IReadOnlyCollection<JsonElement>>(new() { SingleReader = true, SingleWriter = true });
        var following = follower.RunAsync((entities, _) => reads.Writer.TryWrite([.. entities]), stoppingToken);
        var scanning = ScanLoopAsync(stoppingToken);
        try
        {
            await foreach (var entities in reads.Reader.ReadAllAsync(stoppingToken)) await ObserveAsync(entities, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await following.ContinueWith(_ => { }, TaskScheduler.Default);
        await scanning.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Takes the twin's stations and roads as they are now; new readings move the means and may change alerts.</summary>
    public async Task ObserveAsync(IReadOnlyCollection<JsonElement> entities, CancellationToken ct)
    {
        var changes = new List<(AirAlertChange Change, AirStationNow Station)>();
        lock (_gate)
        {
            var roads = new List<JsonElement>();
            foreach (var json in entities)
            {
                var entity = new NgsiEntity(json);
                if (entity.Type == EntityTypes.RoadSegment) { roads.Add(json); continue; }
                if (entity.Type != EntityTypes.AirQualityObserved || entity.Location is not { } location) continue;
                if (!_stations.TryGetValue(entity.Id, out var station))
                {
                    var at = location.Bounds;
                    _stations[entity.Id] = station = new Station(entity.Id, entity.TextOrNull("name") ?? entity.Id, (at.MinLongitude + at.MaxLongitude) / 2, (at.MinLatitude + at.MaxLatitude) / 2);
                }
                if (station.Observe(entity, _index, clock.GetUtcNow()) is { } latest && station.Means(_index, latest) is { Count: > 0 } means
                    && _alerts.Update(station.Id, latest, means) is { } change)
                    changes.Add((change, Now(station)));
            }
            if (roads.Count != _roads.Count || !roads.SequenceEqual(_roads, JsonElementIdentity.Instance))
            {
                _roads = roads;
                _roadsVersion++;
            }
            Ready = true;
        }
        foreach (var (change, station) in changes)
        {
            logger.LogInformation("Air at {Station}: {Kind} {Band} ({Pollutant} {Value:0.0} µg/m³ over {Hours} h)", change.Alert.Station, change.Kind,
                change.Alert.BandName, change.Alert.Pollutant, change.Alert.Value, change.Alert.AveragingHours);
            if (Changed is null) continue;
            foreach (var listener in Changed.GetInvocationList().Cast<Func<AirAlertChange, AirStationNow, CancellationToken, Task>>())
            {
                try { await listener(change, station, ct); }
                catch (Exception e) when (e is not OperationCanceledException) { logger.LogError(e, "An air alert at {Station} could not be acted on", change.Alert.Station); }
            }
        }
    }

    private async Task ScanLoopAsync(CancellationToken ct)
    {
        if (options.AirFaultScanInterval == TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(options.AirFaultScanInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct)) ScanFaults();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Scans every pollutant's last <see cref="Kept"/> of readings across the stations (the regional reference needs them all).</summary>
    public void ScanFaults()
    {
        lock (_gate)
        {
            var stations = _stations.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
            foreach (var s in stations) s.Faults.Clear();
            var latest = stations.Select(s => s.LatestTime).Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty().Max();
            if (latest == default) return;
            var start = latest - Kept;
            foreach (var pollutant in stations.SelectMany(s => s.Pollutants).Distinct(StringComparer.Ordinal))
            {
                var series = new StationSeries(pollutant, start, ScanStep, [.. stations.Select(s => s.Id)], [.. stations.Select(s => s.Resample(pollutant, start, ScanStep, Kept))]);
                try
                {
                    foreach (var fault in SensorFaults.Scan(series))
                        _stations[fault.Station].Faults.Add(fault);
                }
                catch (ArgumentException e)
                {
                    logger.LogWarning("The air sensors' {Pollutant} could not be scanned for faults: {Problem}", pollutant, e.Message);
                }
            }
        }
    }

    private AirStationNow Now(Station s)
    {
        var latest = s.LatestTime;
        var means = latest is { } at ? s.Means(_index, at) : new Dictionary<string, double>();
        AirIndexReading? reading = means.Count > 0 ? _index.Evaluate(means) : null;
        // Faults that reach the last hour are the sensor's state now; older ones are history.
        var current = s.Faults.Where(f => latest is { } l && f.End >= l - TimeSpan.FromHours(1)).ToList();
        return new AirStationNow(s.Id, s.Name, s.Longitude, s.Latitude, new Dictionary<string, double>(s.Latest), latest, means, reading?.Name, reading?.Colour,
            reading?.Dominant.Pollutant, reading?.Definition.PublicMessage, reading?.Definition.SensitiveMessage, _alerts.For(s.Id), current);
    }

    /// <summary>A station's readings per pollutant, with the rolling means the index reads.</summary>
    private sealed class Station(string id, string name, double longitude, double latitude)
    {
        private readonly Dictionary<string, RollingMean> _means = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<(DateTimeOffset At, double Value)>> _readings = new(StringComparer.Ordinal);
        // Per pollutant, hour (whole hours since the epoch) → sum and count of its readings: the forecast's history.
        private readonly Dictionary<string, SortedList<long, (double Sum, int Count)>> _hourly = new(StringComparer.Ordinal);

        public string Id => id;
        public string Name => name;
        public double Longitude => longitude;
        public double Latitude => latitude;
        public Dictionary<string, double> Latest { get; } = new(StringComparer.Ordinal);
        public DateTimeOffset? LatestTime { get; private set; }
        public List<SensorFault> Faults { get; } = [];
        public IEnumerable<string> Pollutants => _readings.Keys;

        /// <summary>Takes the entity's readings newer than the last; the time of the newest, or null when there was none new.</summary>
        public DateTimeOffset? Observe(NgsiEntity entity, AirIndex index, DateTimeOffset now)
        {
            DateTimeOffset? newest = null;
            foreach (var pollutant in Simulation.Air.Index.Pollutants.All)
            {
                if (entity.NumberOrNull(pollutant) is not { } value || !double.IsFinite(value)) continue;
                var at = entity.ObservedAt(pollutant) ?? now;
                if (!_readings.TryGetValue(pollutant, out var list)) _readings[pollutant] = list = [];
                if (list.Count > 0 && at <= list[^1].At) continue;
                list.Add((at, value));
                // Older than the scan window: dropped, in one go when a tenth has piled up.
                if (list[0].At < at - Kept - TimeSpan.FromHours(7)) list.RemoveAll(r => r.At < at - Kept);
                if (!_means.TryGetValue(pollutant, out var mean)) _means[pollutant] = mean = new RollingMean(TimeSpan.FromMinutes(30), keep: TimeSpan.FromHours(index.AveragingHours(pollutant) + 1));
                mean.Add(at, value);
                if (!_hourly.TryGetValue(pollutant, out var hours)) _hourly[pollutant] = hours = [];
                long hour = at.ToUnixTimeSeconds() / 3600;
                hours[hour] = hours.TryGetValue(hour, out var h) ? (h.Sum + value, h.Count + 1) : (value, 1);
                while (hours.Count > 0 && hours.Keys[0] < hour - HourlyKept) hours.RemoveAt(0);
                Latest[pollutant] = value;
                if (newest is null || at > newest) newest = at;
            }
            if (newest is { } n && (LatestTime is null || n > LatestTime)) LatestTime = n;
            return newest;
        }

        /// <summary>
        /// The hourly means of <paramref name="pollutant"/> from its first hour kept to the last complete one before
        /// <paramref name="now"/> (NaN for an hour without readings; none while the first is under way), with the first
        /// hour's start; null when it has no reading of it.
        /// </summary>
        public (DateTimeOffset Start, double[] Means)? Hourly(string pollutant, DateTimeOffset now)
        {
            if (!_hourly.TryGetValue(pollutant, out var hours) || hours.Count == 0) return null;
            long first = hours.Keys[0], end = Math.Max(first, now.ToUnixTimeSeconds() / 3600);
            var means = new double[end - first];
            for (long h = first; h < end; h++) means[h - first] = hours.TryGetValue(h, out var v) ? v.Sum / v.Count : double.NaN;
            return (DateTimeOffset.FromUnixTimeSeconds(first * 3600), means);
        }

        /// <summary>Each pollutant's mean over the index's averaging time ending at <paramref name="at"/>, where valid.</summary>
        public Dictionary<string, double> Means(AirIndex index, DateTimeOffset at)
        {
            var means = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (pollutant, mean) in _means)
                if (index.Covers(pollutant) && mean.Mean(at, index.AveragingHours(pollutant)) is { Valid: true } m) means[pollutant] = m.Value;
            return means;
        }

        /// <summary>The readings as means over a regular grid of <paramref name="step"/> from <paramref name="start"/>; NaN where none.</summary>
        public double[] Resample(string pollutant, DateTimeOffset start, TimeSpan step, TimeSpan span)
        {
            var n = (int)(span / step);
            var sum = new double[n];
            var count = new int[n];
            if (_readings.TryGetValue(pollutant, out var list))
                foreach (var (at, value) in list)
                {
                    var i = (int)Math.Floor((at - start) / step);
                    if (i < 0 || i >= n) continue;
                    sum[i] += value;
                    count[i]++;
                }
            var values = new double[n];
            for (var i = 0; i < n; i++) values[i] = count[i] > 0 ? sum[i] / count[i] : double.NaN;
            return values;
        }
    }

    /// <summary>Two reads of the twin are the same roads when each element is the same JSON text.</summary>
    private sealed class JsonElementIdentity : IEqualityComparer<JsonElement>
    {
        public static readonly JsonElementIdentity Instance = new();
        public bool Equals(JsonElement a, JsonElement b) => a.GetRawText() == b.GetRawText();
        public int GetHashCode(JsonElement e) => e.GetRawText().GetHashCode(StringComparison.Ordinal);
    }
}
