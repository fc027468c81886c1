using System.Collections.Concurrent;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Health;
using CityMesh.Health.Capacity;
using CityMesh.Health.Dispatch;
using CityMesh.Health.Twin;
using CityMesh.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Health.Surge;

/// <summary>
/// Proposes surge beds (<see cref="SurgeProposals"/>) as the capacity monitor raises critical occupancy, or a trend
/// to full, of a hospital's general or intensive-care beds, sized by simulation (<see cref="SurgePlanner"/>). One
/// proposal per hospital and bed type waits at a time; its outcome (<see cref="DispatchDecisions"/>: executed,
/// failed, rejected or expired; an approval is followed by one of these) frees it for the next alert.
/// </summary>
public sealed class SurgeService : IHostedService
{
    private readonly IEventBus _bus;
    private readonly HealthOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<SurgeService> _logger;
    private readonly ConcurrentDictionary<(string Hospital, string BedType), string> _pending = new();

    private readonly Forecasting.Live.AdmissionsForecastService? _forecasts;

    public SurgeService(CapacityMonitor monitor, IEventBus bus, HealthOptions options, TimeProvider clock, ILogger<SurgeService> logger,
        Forecasting.Live.AdmissionsForecastService? forecasts = null)
    {
        (_bus, _options, _clock, _logger, _forecasts) = (bus, options, clock, logger, forecasts);
        monitor.Changed += OnAlertAsync;
    }

    // Hosted only so that it exists from start: it listens to the monitor from its constructor.
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public string? PendingFor(string hospital, string bedType) => _pending.GetValueOrDefault((hospital, bedType));

    public async Task OnAlertAsync(CapacityAlert alert, HealthSnapshot city, CancellationToken ct)
    {
        if (!alert.Active || alert.BedType is not (BedTypes.General or BedTypes.Icu)) return;
        bool critical = alert.Kind == CapacityAlert.Occupancy && alert.Level == CapacityAlert.Critical;
        if (!critical && alert.Kind != CapacityAlert.Trend) return;
        if (!city.Hospitals.TryGetValue(alert.Hospital, out var hospital) || hospital.BedsOf(alert.BedType).Capacity < 1) return;
        var key = (hospital.Id, alert.BedType);
        if (_pending.ContainsKey(key)) return;
        // The simulation takes some milliseconds per candidate; off the monitor's thread.
        var plan = await Task.Run(() => SurgePlanner.Plan(hospital, alert.BedType, alert.Evidence.TrendPerHour, _options.Surge, (ulong)alert.Since.UtcTicks, ct), ct);
        if (plan.Chosen is null)
        {
            _logger.LogInformation("{Hospital} {BedType}: simulated boarding {Minutes} min without a surge is within the target; none proposed",
                hospital.Id, alert.BedType, plan.Candidates[0].MeanBoardingMinutes);
            return;
        }
        var proposal = SurgeProposals.Create(hospital, alert, plan, _clock.GetUtcNow(), _options.Surge, _forecasts?.For(hospital.Id));
        if (!_pending.TryAdd(key, proposal.Id)) return;
        try
        {
            await _bus.PublishAsync(Topics.ActionsProposed, CloudEvent.Create(DispatchService.Source, ActionProposal.EventType, proposal, subject: proposal.Target), ct);
            _logger.LogInformation("Proposed {Proposal}: {Summary}", proposal.Id, proposal.Summary);
        }
        catch
        {
            _pending.TryRemove(key, out _);
            throw;
        }
    }

    public void OnDecided(ActionDecision decision)
    {
        if (decision.Type != SurgeProposals.ActionType || decision.Status == ActionStatus.Approved) return;
        foreach (var (key, id) in _pending)
            if (id == decision.ActionId) _pending.TryRemove(key, out _);
    }
}
