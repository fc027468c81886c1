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
/// and each area's minimum night flow). When it alarms it waits until the locator has its hours after the alarm,
/// then proposes a crew's list of the ranked pipes (<see cref="LeakCrews"/>) under the leak's incident. An area with an
/// open leak incident from the watch is not reported again until that incident is closed.
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
        lock (_reported)
        {
            if (_reported.FirstOrDefault(r => r.Area == alert.AreaName && incidents.Find(r.Incident) is { IsOpen: true }) is { } open)
            {
                Report($"watching; the leak in {alert.AreaName} is reported (incident {open.Incident})", through);
                return;
            }
        }
        var locateBy = alert.AlarmTime + (long)(model.Monitor.Options.LocateAfterHours * 3600);
        if (alert.LocatedAt < locateBy)
        {
            Report($"alarm in {alert.AreaName} at {At(alert.AlarmTime):O} ({alert.RaisedBy}, confidence {alert.Confidence:0.00}): locating until {At(locateBy):O}", through);
            return;
        }
        if (alert.Candidates.Count == 0)
        {
            Report($"alarm in {alert.AreaName} at {At(alert.AlarmTime):O}, but no pipe explains it: a crew should walk the area", through);
            return;
        }
        double flow = Math.Round(alert.EstimatedFlow * 1e3, 2);
        var pipes = alert.Candidates.Select(c => c.Pipe).ToList();
        var proposed = await crews.ProposeAsync(new LeakReport(pipes, flow, At(alert.Start), alert.Confidence, $"the leak watch ({alert.RaisedBy}, {alert.AreaName})"), ct);
        var report = new LeakWatchReport(alert.AreaName, At(alert.Start), At(alert.AlarmTime), alert.Confidence, alert.RaisedBy, flow, pipes,
            proposed.Incident.Id, proposed.Proposal.Id);
        lock (_reported) _reported.Add(report);
        logger.LogWarning("Leak watch: a leak in {Area} since about {Start:O} ({RaisedBy}, confidence {Confidence:0.00}, about {Flow} L/s); crew list {Pipes} proposed under {Incident}",
            report.Area, report.Start, report.RaisedBy, report.Confidence, flow, string.Join(", ", pipes), report.Incident);
        Report($"reported the leak in {alert.AreaName} (incident {report.Incident})", through);
    }

    private void Report(string status, DateTimeOffset? through)
    {
        IReadOnlyList<LeakWatchReport> reported;
        lock (_reported) reported = [.. _reported];
        Volatile.Write(ref _state, new LeakWatchState(status, clock.GetUtcNow(), through, reported));
    }
}
