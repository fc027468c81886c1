using CityMesh.Limits.Settings;
using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using Microsoft.Extensions.Logging;

namespace CityMesh.Sensors.Water;

/// <summary>
/// The water utility's meters as the simulator plays them: the network and its meters read from the twin once
/// (again after a failed read), the field warmed up a day unpublished, then <see cref="TelemetrySimulatorOptions.WaterHistoryDays"/>
/// of readings sent as the historian would (one batch per meter per day), then every step as the city's clock reaches
/// it, each meter's readings one event on <c>telemetry.raw</c> like any sensor's. Drills open leaks from now.
/// </summary>
public sealed class WaterMetersFeed(TelemetrySimulatorOptions options, CityOptions city, ISensorRegistry registry, IEventBus bus, ILogger logger)
{
    public const string Gateway = TelemetrySimulatorModel.WaterGateway + "-scada";

    private readonly Lock _lock = new();
    private WaterField? _field;
    private DateTimeOffset _nextTry;

    /// <summary>The field played; null until the network and its meters have been read.</summary>
    public WaterField? Field => _field;

    /// <summary>Why there is no field, for the drill's answer.</summary>
    public string Status { get; private set; } = "not started";

    /// <summary>Reads the network and starts the field (once; again after a failure, a minute of clock time later), then plays up to <paramref name="cityTime"/>.</summary>
    public async Task RoundAsync(DateTimeOffset cityTime, DateTimeOffset now, CancellationToken ct)
    {
        if (options.WaterNetwork is not { Length: > 0 } network) return;
        if (_field is null)
        {
            if (now < _nextTry) return;
            _nextTry = now.AddMinutes(1);
            await StartAsync(network, cityTime, ct);
            return;
        }
        List<(DateTimeOffset At, IReadOnlyList<Reading> Readings)> steps;
        lock (_lock) steps = [.. _field.AdvanceTo(cityTime)];
        foreach (var (at, readings) in steps)
            foreach (var device in readings)
            {
                var batch = new ReadingBatch();
                batch.Readings.Add(device);
                await bus.PublishAsync(Topics.TelemetryRaw, TelemetryContent.Create(TelemetrySimulator.SourcePrefix + Gateway, device.EntityId, batch) with
                {
                    Id = $"sim-{device.EntityId}-{at.UtcTicks}",
                    Time = now,
                }, ct);
            }
    }

    private async Task StartAsync(string network, DateTimeOffset cityTime, CancellationToken ct)
    {
        WaterFieldSetup? setup;
        try
        {
            setup = await registry.LoadWaterAsync(network, city.IdSegment, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Status = $"water network '{network}' could not be read: {e.Message}";
            logger.LogWarning("Water meters not played yet: {Reason}; trying again in a minute", Status);
            return;
        }
        if (setup is null)
        {
            Status = $"the twin holds no water network '{network}' with meters";
            logger.LogInformation("Water meters not played: {Reason}", Status);
            _nextTry = DateTimeOffset.MaxValue;
            return;
        }
        var field = new WaterField(setup.Network, setup.Meters, city.IdSegment, city.UtcOffset, options.Seed ?? city.Seed);
        var historyStart = cityTime - TimeSpan.FromDays(options.WaterHistoryDays);
        // A day unpublished first: the tanks settle from the file's levels.
        field.Start(historyStart - TimeSpan.FromDays(1));
        foreach (var _ in field.AdvanceTo(historyStart)) { }
        if (options.WaterLeakPipe is { Length: > 0 } pipe)
            field.OpenLeak(pipe, options.WaterLeakShare, cityTime - TimeSpan.FromHours(options.WaterLeakHoursAgo));
        var history = field.AdvanceTo(cityTime).ToList();
        // The historian's batches: a meter's day at a time, oldest first.
        foreach (var day in history.GroupBy(s => s.At.UtcDateTime.Date))
            foreach (var device in day.SelectMany(s => s.Readings).GroupBy(r => r.EntityId, StringComparer.Ordinal))
            {
                var batch = new ReadingBatch();
                batch.Readings.AddRange(device);
                await bus.PublishAsync(Topics.TelemetryRaw, TelemetryContent.Create(TelemetrySimulator.SourcePrefix + Gateway, device.Key, batch) with
                {
                    Id = $"sim-history-{device.Key}-{day.Key.Ticks}",
                }, ct);
            }
        lock (_lock) _field = field;
        Status = "playing";
        logger.LogInformation("Water meters of network {Network}: {Loggers} loggers, {Areas} district meters, {Tanks} tank gauges, {Links} link signals; {Steps} readings each sent as history{Leak}",
            network, setup.Meters.Loggers.Count, setup.Meters.AreaMeters.Count, setup.Meters.TankGauges.Count, setup.Meters.LinkMonitors.Count, history.Count,
            field.Leak is { } leak ? $"; leaking on {leak.Pipe} since {leak.Start:O}" : "");
    }

    /// <summary>Mends the open leak from the next step; null when none was open.</summary>
    /// <exception cref="InvalidOperationException">No field yet.</exception>
    public FieldLeak? MendLeak()
    {
        lock (_lock)
        {
            var field = _field ?? throw new InvalidOperationException($"the simulated water meters are not playing: {Status}");
            return field.MendLeak();
        }
    }

    /// <summary>Opens a leak from the next step (city time <paramref name="now"/>).</summary>
    /// <exception cref="InvalidOperationException">No field yet, or a leak already open.</exception>
    /// <exception cref="ArgumentException">The pipe or share refused, naming which.</exception>
    public void OpenLeak(string pipe, double share, DateTimeOffset now)
    {
        lock (_lock)
        {
            var field = _field ?? throw new InvalidOperationException($"the simulated water meters are not playing: {Status}");
            field.OpenLeak(pipe, share, now);
        }
    }
}
