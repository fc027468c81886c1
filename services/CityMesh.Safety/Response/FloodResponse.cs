using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Safety;
using CityMesh.Messaging;
using CityMesh.Safety.Alerts;
using CityMesh.Safety.Forecast;
using CityMesh.Safety.Gauges;
using CityMesh.Safety.Incidents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Safety.Response;

/// <summary>
/// The live flood response. A gauge crossing its alert line starts a flood (an episode that lasts until every gauge
/// has cleared): a forecast runs from the current level and trend (<see cref="FloodForecaster"/>), is announced on
/// <c>safety.events</c>, and its road closures and zone evacuations are proposed to governance with the forecast as
/// evidence. During the flood the first gauge to cross its critical line forecasts again at once (the flood has grown
/// past what the first forecast assumed), other alerts at most every <see cref="SafetyOptions.ReforecastInterval"/>; a later forecast proposes only roads and zones not yet proposed, and
/// shelters fill in the order zones were sent to them. One forecast runs at a time; an alert that comes meanwhile is
/// kept (the latest) and forecast next.
/// </summary>
public sealed class FloodResponse : IHostedService
{
    public const string Domain = "safety";
    public const string ForecastType = "io.citymesh.safety.flood-forecast";

    private readonly FloodForecaster _forecaster;
    private readonly ForecastLog _log;
    private readonly SafetyView _view;
    private readonly IEventBus _bus;
    private readonly SafetyOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<FloodResponse> _logger;
    private readonly FloodAlertMonitor _monitor;
    private readonly IncidentBook _incidents;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();

    private readonly HashSet<string> _proposedRoads = new(StringComparer.Ordinal);
    private bool _proposedDefences;
    private readonly HashSet<string> _proposedZones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _sent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Shelter, double People)> _evacuations = new(StringComparer.Ordinal);
    private Task _running = Task.CompletedTask;
    private FloodAlert? _next;
    private DateTimeOffset? _lastForecast;
    private bool _criticalForecast;

    public FloodResponse(FloodAlertMonitor monitor, FloodForecaster forecaster, ForecastLog log, SafetyView view, IEventBus bus, SafetyOptions options,
        TimeProvider clock, ILogger<FloodResponse> logger, IncidentBook incidents)
    {
        (_monitor, _forecaster, _log, _view, _bus, _options, _clock, _logger, _incidents) = (monitor, forecaster, log, view, bus, options, clock, logger, incidents);
        monitor.Changed += OnAlertAsync;
    }

    /// <summary>Why the last forecast could not run, if it could not; cleared by the next that does.</summary>
    public string? LastProblem { get; private set; }

    /// <summary>Whether a forecast is running now.</summary>
    public bool Forecasting
    {
        get { lock (_gate) return !_running.IsCompleted; }
    }

    // Hosted so that it exists from start: it listens to the monitor from its constructor.
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken ct)
    {
        await _stopping.CancelAsync();
        try { await _running.WaitAsync(ct); } catch (OperationCanceledException) { }
    }

    public async Task OnAlertAsync(FloodAlert alert, SafetySnapshot snapshot, CancellationToken ct)
    {
        // Every alert raised, moved or cleared is on the flood's incident; the first opens it.
        await RecordAsync(alert, snapshot, ct);
        lock (_gate)
        {
            if (!alert.Active)
            {
                if (_monitor.Active().Count == 0 && _running.IsCompleted) EndFlood();
                return;
            }
            bool duringFlood = _lastForecast is not null;
            bool firstCritical = alert.Level == FloodAlert.Critical && !_criticalForecast;
            bool due = !duringFlood || firstCritical || _clock.GetUtcNow() - _lastForecast >= _options.ReforecastInterval;
            if (!due) return;
            _criticalForecast |= alert.Level == FloodAlert.Critical;
            if (!_running.IsCompleted)
            {
                _next = alert;
                return;
            }
            _lastForecast = _clock.GetUtcNow();
            _running = Task.Run(() => ForecastAndProposeAsync(alert, _stopping.Token));
        }
        return;
    }

    /// <summary>
    /// An operator's "forecast again now" (after moving defences, or when the city changed under the flood): a forecast
    /// from the gauge most over its line, whatever the reforecast interval says; queued behind one that is running.
    /// </summary>
    /// <returns>The alert it forecasts from, and whether it waits behind a running forecast; null when no gauge is over its line.</returns>
    public (FloodAlert Alert, bool Queued)? ForecastNow()
    {
        var alert = _monitor.Active().OrderByDescending(a => a.Level == FloodAlert.Critical).ThenByDescending(a => a.WaterLevel - a.AlertLevel).FirstOrDefault();
        if (alert is null) return null;
        lock (_gate)
        {
            if (!_running.IsCompleted)
            {
                _next = alert;
                return (alert, true);
            }
            _lastForecast = _clock.GetUtcNow();
            _running = Task.Run(() => ForecastAndProposeAsync(alert, _stopping.Token));
            return (alert, false);
        }
    }

    private async Task RecordAsync(FloodAlert alert, SafetySnapshot snapshot, CancellationToken ct)
    {
        var gauge = snapshot.Gauges.GetValueOrDefault(alert.Gauge);
        var name = gauge?.Name ?? alert.Gauge;
        var text = alert.Active
            ? $"{name} at {alert.WaterLevel:0.00} m, over its {alert.Level} line ({(alert.Level == FloodAlert.Critical ? alert.CriticalLevel : alert.AlertLevel):0.00} m)"
              + (alert.TrendPerHour is { } trend ? $", {(trend >= 0 ? "rising" : "falling")} {Math.Abs(trend):0.00} m/h" : "")
            : $"{name} back below its {alert.Level} line at {alert.WaterLevel:0.00} m";
        try
        {
            if (alert.Active)
                await _incidents.RaiseAsync(new IncidentReport(IncidentTerms.Flood, $"Flood: {name} over its alert line",
                    alert.Level == FloodAlert.Critical ? "critical" : "high", text, gauge?.Location?.Longitude, gauge?.Location?.Latitude,
                    [alert.Gauge], Cause: IncidentTerms.Flood, Ref: alert.Gauge), ct);
            else if (_incidents.OpenFor(IncidentTerms.Flood) is { } open)
                await _incidents.NoteAsync(open.Id, new IncidentEvent(_clock.GetUtcNow(), "alert", text, alert.Gauge, IncidentBook.Actor), ct: ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "The flood alert at {Gauge} could not be put on its incident", alert.Gauge);
        }
    }

    /// <summary>The forecast as the other domains need it: the sites and roads it floods, and when.</summary>
    internal static FloodImpact ImpactOf(FloodForecast forecast, string? incident) => new(forecast.Id, incident, forecast.At,
        [.. forecast.Sites.Select(s => new FloodedAsset(s.Id, s.Type, s.MaxDepth, s.ArrivalSeconds is { } a ? forecast.At.AddSeconds(a) : null))],
        [.. forecast.RoadsCut.Select(r => new FloodedAsset(r.Id, Contracts.Twin.EntityTypes.RoadSegment, r.MaxDepth, r.ClosesAt))]);

    private void EndFlood()
    {
        _incidents.CloseCause(IncidentTerms.Flood, "every gauge is below its alert line: the flood is over");
        _logger.LogInformation("Every gauge is below its alert line: the flood is over; {Roads} road closures and {Zones} evacuations were proposed",
            _proposedRoads.Count, _proposedZones.Count);
        _proposedRoads.Clear();
        _proposedZones.Clear();
        _proposedDefences = false;
        _sent.Clear();
        _evacuations.Clear();
        _lastForecast = null;
        _criticalForecast = false;
    }

    private async Task ForecastAndProposeAsync(FloodAlert alert, CancellationToken ct)
    {
        try
        {
            var now = _clock.GetUtcNow();
            _logger.LogInformation("Forecasting {Hours} h of flood from {Gauge} at {Level} m (alert {Alert} m, trend {Trend} m/h)",
                _options.ForecastHours, alert.Gauge, alert.WaterLevel, alert.AlertLevel, alert.TrendPerHour);
            var forecast = await _forecaster.RunAsync(alert, _view.Current, now, _log.Directory, ct);
            _log.Add(forecast);
            LastProblem = null;
            foreach (var reason in forecast.DefencesLeftOut)
                _logger.LogWarning("Forecast {Id} left a flood defence out: {Reason}", forecast.Id, reason);
            _logger.LogInformation("Forecast {Id} in {Seconds:0.0} s: {Roads} roads cut, {Buildings} buildings and {People} people flooded",
                forecast.Id, forecast.WallSeconds, forecast.RoadsCut.Count, forecast.Buildings.Count, forecast.PeopleAffected);
            await _bus.PublishAsync(Topics.DomainEvents(Domain), CloudEvent.Create(FloodAlert.Source, ForecastType, forecast, subject: forecast.Id), ct);
            var impact = ImpactOf(forecast, _incidents.OpenFor(IncidentTerms.Flood)?.Id);
            await _bus.PublishAsync(Topics.DomainEvents(Domain), CloudEvent.Create(FloodAlert.Source, FloodImpact.Type, impact, subject: impact.Incident ?? forecast.Id), ct);
            if (_incidents.OpenFor(IncidentTerms.Flood) is { } incident)
                await _incidents.NoteAsync(incident.Id, new IncidentEvent(_clock.GetUtcNow(), "forecast",
                    $"Forecast {forecast.Id}: {forecast.RoadsCut.Count} roads cut, {forecast.Buildings.Count} buildings and {forecast.PeopleAffected:0} people flooded",
                    forecast.Id, IncidentBook.Actor), [.. forecast.RoadsCut.Select(r => r.Id)], ct: ct);
            // What keeps the water off and the roads people must leave go out at once; the evacuations wait for their
            // simulation (tens of seconds), which they carry as evidence.
            await ProposeAsync(Proposals(forecast, _clock.GetUtcNow(), evacuations: false), ct);
            if (forecast.Buildings.Any(b => b.People > 0))
            {
                try
                {
                    forecast = await _forecaster.EvacuateAsync(forecast, ct);
                    _log.Replace(forecast);
                    _logger.LogInformation("Evacuation of forecast {Id} simulated: {Kpis}", forecast.Id, string.Join(", ", forecast.Evacuation!.Select(k => $"{k.Key} {k.Value}")));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The zones are still proposed, without the simulation: the forecast is evidence enough to act on.
                    LastProblem = $"{_clock.GetUtcNow():O}: the evacuation of forecast {forecast.Id} could not be simulated: {e.Message}";
                    _logger.LogError(e, "The evacuation of forecast {Id} could not be simulated", forecast.Id);
                }
            }
            await ProposeAsync(Proposals(forecast, _clock.GetUtcNow(), evacuations: true), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LastProblem = $"{_clock.GetUtcNow():O}: {e.Message}";
            _logger.LogError(e, "The flood forecast for {Gauge} could not run", alert.Gauge);
        }
        finally
        {
            FloodAlert? next;
            lock (_gate)
            {
                (next, _next) = (_next, null);
                if (next is not null && !ct.IsCancellationRequested)
                {
                    _lastForecast = _clock.GetUtcNow();
                    _running = Task.Run(() => ForecastAndProposeAsync(next, ct));
                }
                else if (_monitor.Active().Count == 0) EndFlood();
            }
        }
    }

    private async Task ProposeAsync(IReadOnlyList<ActionProposal> proposals, CancellationToken ct)
    {
        var incident = _incidents.OpenFor(IncidentTerms.Flood)?.Id;
        foreach (var made in proposals)
        {
            var proposal = made with { Incident = incident };
            await IncidentProposals.ProposeAsync(_incidents, _bus, proposal, _logger, ct);
        }
    }

    /// <summary>
    /// What this forecast adds to what the flood has proposed so far: the defences and the closures, or the
    /// evacuations (<paramref name="evacuations"/>).
    /// </summary>
    private List<ActionProposal> Proposals(FloodForecast forecast, DateTimeOffset now, bool evacuations)
    {
        var proposals = new List<ActionProposal>();
        lock (_gate)
        {
            if (evacuations)
            {
                ProposeEvacuations(forecast, now, proposals);
                return proposals;
            }
            // Defences first: they are what can still keep the water off; once proposed in this flood, not again.
            if (!_proposedDefences && DefenceProposals.Create(forecast, forecast.IdleDefences, now, _options) is { } defences)
            {
                proposals.Add(defences);
                _proposedDefences = true;
            }
            var roads = forecast.RoadsCut.Where(r => !_proposedRoads.Contains(r.Id)).ToList();
            if (roads.Count > 0)
            {
                proposals.Add(ClosureProposals.Create(forecast, roads, now, _options, _incidents.OpenFor(IncidentTerms.Flood)?.Id));
                _proposedRoads.UnionWith(roads.Select(r => r.Id));
            }
        }
        return proposals;
    }

    /// <summary>One evacuation per zone of flooded homes not proposed yet in this flood; under the gate.</summary>
    private void ProposeEvacuations(FloodForecast forecast, DateTimeOffset now, List<ActionProposal> proposals)
    {
        var snapshot = _view.Current;
        var anchor = Anchor(snapshot, forecast);
        foreach (var zone in EvacuationProposals.Zones(forecast, anchor, _options))
        {
            if (!_proposedZones.Add(zone.Name)) continue;
            var shelter = EvacuationProposals.Choose(zone, snapshot.Shelters.Values, forecast, _sent);
            var proposal = EvacuationProposals.Create(forecast, zone, shelter, now, _options);
            if (shelter is not null)
            {
                _sent[shelter.Shelter.Id] = _sent.GetValueOrDefault(shelter.Shelter.Id) + zone.People;
                _evacuations[proposal.Id] = (shelter.Shelter.Id, zone.People);
            }
            proposals.Add(proposal);
        }
    }

    /// <summary>People already sent to each shelter in this flood (evacuations proposed, not rejected).</summary>
    public IReadOnlyDictionary<string, double> Sent
    {
        get { lock (_gate) return new Dictionary<string, double>(_sent, StringComparer.Ordinal); }
    }

    /// <summary>An evacuation that will not happen (rejected, expired, failed) gives its shelter places back.</summary>
    public void OnDecided(ActionDecision decision)
    {
        if (decision.Type != EvacuationProposals.ActionType || decision.Status is not (ActionStatus.Rejected or ActionStatus.Expired or ActionStatus.Failed)) return;
        lock (_gate)
        {
            if (!_evacuations.Remove(decision.ActionId, out var sent)) return;
            _sent[sent.Shelter] = Math.Max(0, _sent.GetValueOrDefault(sent.Shelter) - sent.People);
        }
    }

    /// <summary>A point fixed for the city, so zone names stay the same from one forecast to the next: the gauges' centre.</summary>
    private static Position Anchor(SafetySnapshot snapshot, FloodForecast forecast)
    {
        var points = snapshot.Gauges.Values.Where(g => g.Location is not null).Select(g => g.Location!.Value).ToList();
        if (points.Count == 0) points = [.. forecast.Buildings.Select(b => b.Location)];
        if (points.Count == 0) return default;
        return new Position(Math.Round(points.Average(p => p.Longitude), 3), Math.Round(points.Average(p => p.Latitude), 3));
    }
}
