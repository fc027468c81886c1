using CityMesh.Limits.Settings;
using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Twin.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Sensors;

/// <summary>
/// Plays the city's sensors: every interval, each sensor (entity) publishes its readings as a protobuf
/// <see cref="ReadingBatch"/> event on <c>telemetry.raw</c>, keyed by its entity id, the path real sensors use, so
/// the ingestor applies them to the twin like any others. City time runs <see cref="TelemetrySimulatorOptions.TimeAcceleration"/> times faster
/// than the clock from the moment the simulator starts (optionally from a chosen time of day); readings carry city
/// time as observedAt, so history reads as the accelerated day it simulates. It learns its sensors from the twin
/// (<see cref="ISensorRegistry"/>) like any other reader, and starts once the twin answers and holds sensors.
/// </summary>
public sealed class TelemetrySimulator(
    TelemetrySimulatorOptions options,
    CityOptions city,
    ISensorRegistry registry,
    IEventBus bus,
    TimeProvider clock,
    ILogger<TelemetrySimulator> logger,
    IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    public const string SourcePrefix = "/citymesh/simulator/";

    /// <summary>The first wait for the twin; each further wait doubles, up to <see cref="LongestWait"/>.</summary>
    public static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(200);

    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);

    private readonly TelemetrySimulatorModel _model = new(options.Seed ?? city.Seed, city.UtcOffset);
    private readonly SimulatedTraffic? _traffic = LoadTraffic(options, city);
    private readonly Water.WaterMetersFeed _water = new(options, city, registry, bus, logger);
    private TelemetrySimulatorRoster? _roster;
    private AmbulanceCrews? _crews;
    private bool _straightLegsLogged;
    private DateTimeOffset _rosterLoadedAt;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset _cityStart;
    private long _rounds;

    /// <summary>Rounds published so far.</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    public TelemetrySimulatorRoster? Roster => _roster;

    /// <summary>The traffic simulation detectors read, when <see cref="TelemetrySimulatorOptions.TrafficFlow"/> is set.</summary>
    public SimulatedTraffic? Traffic => _traffic;

    /// <summary>Starts a storm drill now (city time), replacing any earlier one.</summary>
    /// <exception cref="InvalidOperationException">Before the first round: the city's clock has not started.</exception>
    public StormDrill StartStorm(double peak, TimeSpan rise, TimeSpan hold)
    {
        var now = CityTime ?? throw new InvalidOperationException("the simulated sensors have not started yet; try again in a moment");
        var storm = new StormDrill(now, rise, hold, peak);
        _model.Storm = storm;
        logger.LogWarning("Storm drill: rain rising to {Peak} over {Rise}, held {Hold}, from {Start} (city time); the flood gauges will rise", peak, rise, hold, now);
        return storm;
    }

    /// <summary>Makes <paramref name="target"/> (a Substation, Feeder or BusbarSection) draw <paramref name="factor"/> times its load from now on.</summary>
    public LoadDrill AddLoad(string target, double factor)
    {
        if (CityTime is null) throw new InvalidOperationException("the simulated sensors have not started yet; try again in a moment");
        var drill = (_model.LoadDrill ?? new LoadDrill(new Dictionary<string, double>())).With(target, factor);
        _model.LoadDrill = drill;
        logger.LogWarning("Load drill: {Target} draws {Factor}× its load from now", target, factor);
        return drill;
    }

    /// <summary>Ends every load drill; false when none was on.</summary>
    public bool EndLoadDrill()
    {
        var was = _model.LoadDrill is not null;
        _model.LoadDrill = null;
        return was;
    }

    /// <summary>The water utility's meters, played on a simulation of its network.</summary>
    public Water.WaterMetersFeed Water => _water;

    /// <summary>City time now; null before the first round.</summary>
    public DateTimeOffset? CityTime => _startedAt is null ? null : CityTimeAt(clock.GetUtcNow());

    public double TimeAcceleration => options.TimeAcceleration;

    /// <summary>
    /// The city time for a clock reading: from the first round on, the clock sped up, starting from the clock's own
    /// time or from <see cref="TelemetrySimulatorOptions.StartTimeOfDay"/> today.
    /// </summary>
    public DateTimeOffset CityTimeAt(DateTimeOffset now)
    {
        if (_startedAt is null)
        {
            var localToday = now.ToOffset(city.UtcOffset);
            _cityStart = options.StartTimeOfDay is { } timeOfDay
                ? new DateTimeOffset(localToday.Date + timeOfDay, city.UtcOffset).ToUniversalTime()
                : now;
            _startedAt = now;
        }
        return _cityStart + (now - _startedAt.Value) * options.TimeAcceleration;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A twin in this same process answers on this server's own gRPC port, known only once the server listens.
        if (lifetime is not null) await lifetime.WhenStartedAsync(stoppingToken);
        _roster = await WaitForSensorsAsync(stoppingToken);
        _rosterLoadedAt = clock.GetUtcNow();
        logger.LogInformation("Telemetry simulator speaks for {Count} sensors from {Source}", _roster.SensorCount, registry.Source);
        try
        {
            await PublishAdmissionsHistoryAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not send the hospitals' admissions history; forecasts wait for the days to pass");
        }
        using var timer = new PeriodicTimer(options.Interval, clock);
        do
        {
            try
            {
                await PublishRoundAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad round (a bus hiccup) must not stop the city's sensors.
                logger.LogWarning(e, "Telemetry round failed; trying again next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// Reads the roster until the twin answers and holds sensors: the twin may start after the simulator, or still be
    /// seeding the city. Waits back off from <see cref="FirstWait"/> to <see cref="LongestWait"/>, each logged with why.
    /// </summary>
    public async Task<TelemetrySimulatorRoster> WaitForSensorsAsync(CancellationToken ct)
    {
        var wait = FirstWait;
        while (true)
        {
            string reason;
            try
            {
                var roster = await registry.LoadAsync(ct);
                if (roster.SensorCount > 0) return roster;
                reason = "it holds no sensors yet";
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                reason = e.Message;
            }
            logger.LogInformation("Telemetry simulator waiting for {Source}: {Reason}; trying again in {Wait}", registry.Source, reason, wait);
            await Task.Delay(wait, clock, ct);
            wait = TimeSpan.FromTicks(Math.Min(LongestWait.Ticks, wait.Ticks * 2));
        }
    }

    /// <exception cref="InvalidOperationException">The flow or network cannot be read; the message names the setting.</exception>
    private static SimulatedTraffic? LoadTraffic(TelemetrySimulatorOptions options, CityOptions city)
    {
        if (options.TrafficFlow is not { Length: > 0 } flow) return null;
        try
        {
            var network = RoadNetworkFile.Resolve(city.RoadNetwork);
            var demand = RoadNetworkFile.ResolveSetting(flow, $"{TelemetrySimulatorOptions.Section}:TrafficFlow");
            var seed = options.Seed ?? city.Seed;
            var inputs = city.RoadNetworkFormat switch
            {
                RoadNetworkFormat.Sumo => TrafficInputs.FromSumo(network, demand, seed, additional: RoadNetworkFile.SumoAdditional(city)),
                _ => TrafficInputs.FromCityFlow(network, demand),
            };
            return new SimulatedTraffic(inputs, seed);
        }
        catch (Exception e) when (e is IOException or TrafficImportException)
        {
            throw new InvalidOperationException($"{TelemetrySimulatorOptions.Section}:TrafficFlow '{flow}' cannot drive the city's traffic: {e.Message}", e);
        }
    }

    /// <summary>
    /// The hospitals' daily admissions of the <see cref="TelemetrySimulatorOptions.AdmissionsHistoryDays"/> days before
    /// yesterday (each round reports yesterday's), one batch per hospital, oldest first: the twin keeps them as history.
    /// </summary>
    public async Task PublishAdmissionsHistoryAsync(CancellationToken ct = default)
    {
        if (_roster is null || options.AdmissionsHistoryDays == 0) return;
        var today = DateOnly.FromDateTime(CityTimeAt(clock.GetUtcNow()).ToOffset(city.UtcOffset).Date);
        foreach (var hospital in _roster.Hospitals.Where(h => h.EmergencyDepartment))
        {
            var batch = new ReadingBatch();
            for (int back = options.AdmissionsHistoryDays + 1; back >= 2; back--) batch.Readings.Add(_model.DailyAdmissions(hospital, today.AddDays(-back)));
            var cloudEvent = TelemetryContent.Create(SourcePrefix + TelemetrySimulatorModel.HealthGateway, hospital.Id, batch) with
            {
                Id = $"sim-history-{hospital.Id}-{today.DayNumber}",
            };
            await bus.PublishAsync(Topics.TelemetryRaw, cloudEvent, ct);
        }
    }

    /// <summary>One round: every sensor's readings for the current city time, one event per entity.</summary>
    public async Task PublishRoundAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (_roster is null || now - _rosterLoadedAt >= options.RosterRefresh) await RefreshRosterAsync(now, ct);
        var cityTime = CityTimeAt(now);
        Func<TrafficDetector, SimulatedDetectorReading?>? simulated = null;
        if (_traffic is { } traffic)
        {
            traffic.AdvanceTo((cityTime - _cityStart).TotalSeconds);
            simulated = d => d.Road is { } road && traffic.TryRead(road, out var reading) ? reading : null;
        }
        foreach (var (gateway, readings) in _model.Sample(_roster!, cityTime, simulated))
        {
            foreach (var sensor in readings.GroupBy(r => r.EntityId, StringComparer.Ordinal))
            {
                var batch = new ReadingBatch();
                batch.Readings.AddRange(sensor);
                var cloudEvent = TelemetryContent.Create(SourcePrefix + gateway, sensor.Key, batch) with
                {
                    // Replays of a round carry the same id, so at-least-once consumers can drop them.
                    Id = $"sim-{sensor.Key}-{cityTime.UtcTicks}",
                    Time = now,
                };
                await bus.PublishAsync(Topics.TelemetryRaw, cloudEvent, ct);
            }
        }
        await PublishCrewsAsync(cityTime, now, ct);
        try
        {
            await _water.RoundAsync(cityTime, now, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Water meters not played this round: {Reason}", e.Message);
        }
        Interlocked.Increment(ref _rounds);
    }

    public const string AmbulanceGateway = "ambulances";

    /// <summary>The ambulance crews' terminals, once the roster holds ambulances.</summary>
    public AmbulanceCrews? Crews => _crews;

    /// <summary>
    /// The crews hear their orders (dispatches the twin shows), move on to this round's city time, and their terminals
    /// report. A failed read of the orders leaves the crews going as they were.
    /// </summary>
    private async Task PublishCrewsAsync(DateTimeOffset cityTime, DateTimeOffset now, CancellationToken ct)
    {
        if (_roster is not { Ambulances.Count: > 0 } roster) return;
        // Built once; a fleet that changed (ambulances added or retired) is played anew from where the twin holds it.
        if (_crews is null || _crews.Count != roster.Ambulances.Count || roster.Ambulances.Any(a => _crews.IndexOf(a.Id) < 0))
            _crews = new AmbulanceCrews(options.Seed ?? city.Seed, roster.Ambulances, roster.Roads);
        // The roads of the latest roster: legs planned from now on follow them.
        _crews.Roads = roster.Roads;
        var seconds = cityTime.ToUnixTimeMilliseconds() / 1000.0;
        try
        {
            foreach (var order in await registry.LoadOrdersAsync(ct))
                if (_crews.Order(order.Vehicle, order.Call, order.Scene, order.Hospital, seconds))
                    logger.LogDebug("{Vehicle} sets out for {Call}", order.Vehicle, order.Call);
                else if (_crews.Redirect(order.Vehicle, order.Call, order.Hospital, seconds))
                    logger.LogDebug("{Vehicle} now takes {Call}'s patient to another hospital", order.Vehicle, order.Call);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Ambulance crews hear no orders this round: {Source} cannot be read ({Reason})", registry.Source, e.Message);
        }
        _crews.AdvanceTo(seconds);
        // Once, not every leg: a city without roads in the twin (or with places off its network) would say it every call.
        if (_crews.StraightLegs > 0 && !_straightLegsLogged)
        {
            _straightLegsLogged = true;
            logger.LogWarning("Ambulance crews drive straight lines where the roads give no way ({Roads} road segments in the twin): {Count} legs so far",
                roster.Roads.EdgeCount, _crews.StraightLegs);
        }
        var readings = new List<GatewayReadings>(_crews.Count);
        _crews.Report(cityTime, readings);
        foreach (var sensor in readings)
        {
            var batch = new ReadingBatch();
            batch.Readings.AddRange(sensor.Readings);
            var cloudEvent = TelemetryContent.Create(SourcePrefix + AmbulanceGateway, sensor.EntityId, batch) with
            {
                Id = $"sim-{sensor.EntityId}-{cityTime.UtcTicks}",
                Time = now,
            };
            await bus.PublishAsync(Topics.TelemetryRaw, cloudEvent, ct);
        }
    }

    /// <summary>
    /// Re-reads which sensors the twin holds, so sensors added or removed since are heard or fall silent. When the
    /// twin cannot be read, the sensors known go on reading until the next refresh: an outage of the twin's read API
    /// must not silence the city's sensors.
    /// </summary>
    private async Task RefreshRosterAsync(DateTimeOffset now, CancellationToken ct)
    {
        _rosterLoadedAt = now;
        try
        {
            _roster = await registry.LoadAsync(ct);
            logger.LogDebug("Telemetry simulator speaks for {Count} sensors", _roster.SensorCount);
        }
        catch (Exception e) when (_roster is not null && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Telemetry simulator keeps its {Count} sensors: {Source} cannot be read ({Reason})", _roster.SensorCount, registry.Source, e.Message);
        }
    }
}
