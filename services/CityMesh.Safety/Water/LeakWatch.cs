using CityMesh.Contracts.Safety;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Water;
using CityMesh.Simulation.Water.Hydraulics;
using CityMesh.Safety.Incidents;
using CityMesh.Simulation.Water.Leaks;
using CityMesh.Simulation.Water.Twin;
using CityMesh.Twin.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Safety.Water;

/// <summary>A leak the watch reported: where, since when, how sure, the crew's list, and the incident and proposal it went to.</summary>
public sealed record LeakWatchReport(string Area, DateTimeOffset Start, DateTimeOffset Alarm, double Confidence, string RaisedBy, double FlowLitresPerSecond,
    IReadOnlyList<string> Pipes, string Incident, string Proposal);

/// <summary>Where the watch stands: what it last did and why, through which reading, and what it has reported.</summary>
/// <param name="Through">The newest step every meter had reached at the last look (city time, the meters' clock).</param>
public sealed record LeakWatchState(string Status, DateTimeOffset? CheckedAt, DateTimeOffset? Through, IReadOnlyList<LeakWatchReport> Reported);

/// <summary>
/// Watches the water network's meters for leaks from their live telemetry, as the twin keeps it: every
/// <see cref="SafetyOptions.LeakWatchInterval"/> (when readings have come since) it reads each meter's history
/// (loggers' pressures, district meters' inflows, tank levels, pump run signals), takes the first
/// <see cref="SafetyOptions.LeakTrainingDays"/> of the window as the network's normal and looks for a leak in the
/// newest <see cref="SafetyOptions.LeakWatchHours"/> with <see cref="LeakMonitor"/> (the model's pressure residuals
/// and each area's minimum night flow). An alarm opens the leak's incident at once (the candidates so far, the
/// estimated start and flow); once the locator has its hours after the alarm, the crew's list of the ranked pipes is
/// proposed under that incident (<see cref="LeakCrews"/>). Later looks see the same leak (an alarm in the same area
/// with a start within <see cref="SameLeakHours"/>) and do not raise it again, nor once its incident is closed.
/// </summary>
public sealed class LeakWatch(WaterHydraulics hydraulics, TwinWriter twin, LeakCrews crews, IncidentBook incidents, SafetyOptions options, string city,
    TimeSpan utcOffset, TimeProvider clock, ILogger<LeakWatch> logger, IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    private readonly List<LeakWatchReport> _reported = [];
    private LeakWatchState _state = new("starting", null, null, []);
    private (WaterNetwork Network, WaterMeters Meters, LeakMonitor Monitor, LinkState[] Baseline)? _model;
    private DateTimeOffset? _lastThrough;

    public LeakWatchState State => Volatile.Read(ref _state);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.LeakWatchInterval == TimeSpan.Zero)
        {
            Report("off (CityMesh:Safety:LeakWatchInterval is 0)", null);
            return;
        }
        if (lifetime is not null) await lifetime.WhenStartedAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.LeakWatchInterval, clock);
        try
        {
            do
            {
                try
                {
                    await LookAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Report($"the last look failed: {e.Message}", _lastThrough);
                    logger.LogWarning("Leak watch of network {Network}: {Problem}", options.WaterNetwork, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One look: the meters' histories read, the window gathered and watched, a located leak proposed.</summary>
    public async Task LookAsync(CancellationToken ct)
    {
        if (hydraulics.Network is not { } network)
        {
            Report($"waiting for water network '{options.WaterNetwork}' ({hydraulics.Status})", null);
            return;
        }
        if (hydraulics.Meters is not { } meters)
        {
            Report($"water network '{options.WaterNetwork}' has no meters in the twin (Devices with a pressure logger and a district meter): nothing to watch", null);
            return;
        }
        if (_model is not { } model || !ReferenceEquals(model.Network, network) || !ReferenceEquals(model.Meters, meters))
        {
            var baseline = new HydraulicSimulation(network).Begin(0).State;
            _model = model = (network, meters, new LeakMonitor(network, meters.LoggerJunctions, meters.Partition), baseline);
            _lastThrough = null;
        }

        int steps = (int)((options.LeakTrainingDays * 24 + options.LeakWatchHours) * 3600 / LeakReadings.Step) + 1;
        var series = new Dictionary<string, SortedList<DateTimeOffset, double>>(StringComparer.Ordinal);
        foreach (var (device, attribute) in meters.Readings)
        {
            var id = EntityIds.Create(EntityTypes.Device, city, device);
            if (await twin.ReadHistoryAsync(id, attribute, steps + LeakReadings.MaxGap, ct) is not { } temporal)
            {
                Report($"the history of {id} cannot be read from the twin", _lastThrough);
                return;
            }
            series[device] = LeakReadings.Series(temporal, attribute);
        }
        if (LeakReadings.Through(series.Values) is not { } through)
        {
            Report($"waiting for readings from every one of the {series.Count} meters", null);
            return;
        }
        if (through == _lastThrough) return;
        var from = through.AddSeconds(-(steps - 1) * LeakReadings.Step);
        var (shortest, earliest) = series.Select(s => (s.Key, s.Value.Keys[0])).MaxBy(s => s.Item2);
        if (earliest > from.AddSeconds(LeakReadings.Step * LeakReadings.MaxGap))
        {
            Report(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"learning: {(through - earliest).TotalHours:0.#} h of the {(steps - 1) * LeakReadings.Step / 3600.0:0.#} h of readings from every meter it needs ({shortest} has {series[shortest].Count} readings since {earliest:O}; the twin must keep {steps} observations per property, CityMesh:Twin:HistoryDepth)"), through);
            _lastThrough = through;
            return;
        }
        var (readings, problem) = LeakReadings.Gather(network, meters, series, from, through, utcOffset, model.Baseline);
        if (readings is null)
        {
            Report(problem!, through);
            _lastThrough = through;
            return;
        }
        long trainingEnd = readings.Times[0] + options.LeakTrainingDays * 86400L;
        // The model's solves are the work: off the caller's thread.
        var findings = await Task.Run(() => model.Monitor.Watch(readings, readings.Times[0], trainingEnd), ct);
        _lastThrough = through;
        DateTimeOffset At(long t) => through.AddSeconds(t - readings.Times[^1]);
        if (findings.Alert is not { } alert)
        {
            Report($"watching: no leak in the {options.LeakWatchHours:0.#} h through {through:O}", through);
            return;
        }
        var start = At(alert.Start);
        var locateBy = alert.AlarmTime + (long)(model.Monitor.Options.LocateAfterHours * 3600);
        // One leak, one episode: later looks see the same alarm, its start estimated within a few hours of the first.
        var episode = _episodes.FirstOrDefault(e => e.Area == alert.AreaName && Math.Abs((e.Start - start).TotalHours) <= SameLeakHours);
        if (episode is { Proposed: true })
        {
            Report($"watching; the leak in {alert.AreaName} is reported (incident {episode.Incident})", through);
            return;
        }
        if (episode is not null && incidents.Find(episode.Incident) is { IsOpen: false })
        {
            Report($"watching; the leak in {alert.AreaName} since about {start:O} was closed (incident {episode.Incident}) and is not raised again", through);
            return;
        }
        var entities = alert.Candidates.Select(c => EntityIds.Create(EntityTypes.Pipe, city, $"{options.WaterNetwork}-{EntityIds.LocalIdOf(c.Pipe)}")).ToList();
        if (alert.LocatedAt < locateBy)
        {
            if (episode is null)
            {
                // The alarm opens the incident at once, with the candidates so far; the crew's list follows once located.
                var cause = $"{IncidentTerms.Leak}:{options.WaterNetwork}:{alert.AreaName}:{start.ToUnixTimeSeconds()}";
                var at = entities.Count > 0 ? hydraulics.LocationOf(entities[0]) : null;
                var text = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the leak watch alarmed at {At(alert.AlarmTime):O} ({alert.RaisedBy}, confidence {alert.Confidence:0.00}): about {alert.EstimatedFlow * 1e3:0.0} L/s in {alert.AreaName} since about {start:O}; locating until {At(locateBy):O}")
                    + (alert.Candidates.Count > 0 ? $"; candidates so far {string.Join(", ", alert.Candidates.Select(c => c.Pipe))}" : "");
                var incident = await incidents.RaiseAsync(new IncidentReport(IncidentTerms.Leak, $"Leak suspected in {alert.AreaName}", "medium", text,
                    at?.Longitude, at?.Latitude, entities, Cause: cause, Ref: entities.FirstOrDefault()), ct);
                _episodes.Add(episode = new Episode(alert.AreaName, start, incident.Id, cause));
                logger.LogWarning("Leak watch: alarm in {Area} ({RaisedBy}, confidence {Confidence:0.00}); incident {Incident} opened, locating until {Until:O}",
                    alert.AreaName, alert.RaisedBy, alert.Confidence, incident.Id, At(locateBy));
            }
            Report($"alarm in {alert.AreaName} at {At(alert.AlarmTime):O} ({alert.RaisedBy}, confidence {alert.Confidence:0.00}): incident {episode.Incident}; locating until {At(locateBy):O}", through);
            return;
        }
        if (alert.Candidates.Count == 0)
        {
            Report($"alarm in {alert.AreaName} at {At(alert.AlarmTime):O}, but no pipe explains it: a crew should walk the area", through);
            return;
        }
        double flow = Math.Round(alert.EstimatedFlow * 1e3, 2);
        var pipes = alert.Candidates.Select(c => c.Pipe).ToList();
        var proposed = await crews.ProposeAsync(new LeakReport(pipes, flow, start, alert.Confidence, $"the leak watch ({alert.RaisedBy}, {alert.AreaName})", episode?.Cause), ct);
        if (episode is null) _episodes.Add(episode = new Episode(alert.AreaName, start, proposed.Incident.Id, proposed.Incident.Cause));
        episode.Proposed = true;
        var report = new LeakWatchReport(alert.AreaName, start, At(alert.AlarmTime), alert.Confidence, alert.RaisedBy, flow, pipes,
            proposed.Incident.Id, proposed.Proposal.Id);
        lock (_reported) _reported.Add(report);
        logger.LogWarning("Leak watch: a leak in {Area} since about {Start:O} ({RaisedBy}, confidence {Confidence:0.00}, about {Flow} L/s); crew list {Pipes} proposed under {Incident}",
            report.Area, report.Start, report.RaisedBy, report.Confidence, flow, string.Join(", ", pipes), report.Incident);
        Report($"reported the leak in {alert.AreaName} (incident {report.Incident})", through);
    }

    /// <summary>Alarms whose estimated starts are this close are one leak.</summary>
    private const double SameLeakHours = 6;

    /// <summary>A leak the watch has raised: its area, estimated start, incident (and its cause), and whether the crew's list went out.</summary>
    private sealed class Episode(string area, DateTimeOffset start, string incident, string? cause)
    {
        public string Area { get; } = area;
        public DateTimeOffset Start { get; } = start;
        public string Incident { get; } = incident;
        public string? Cause { get; } = cause;
        public bool Proposed { get; set; }
    }

    private readonly List<Episode> _episodes = [];

    private void Report(string status, DateTimeOffset? through)
    {
        IReadOnlyList<LeakWatchReport> reported;
        lock (_reported) reported = [.. _reported];
        Volatile.Write(ref _state, new LeakWatchState(status, clock.GetUtcNow(), through, reported));
    }
}
