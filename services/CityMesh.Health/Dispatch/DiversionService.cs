using System.Collections.Concurrent;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Health;
using CityMesh.Health.Capacity;
using CityMesh.Health.Twin;
using CityMesh.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Health.Dispatch;

/// <summary>
/// Proposes diversions (<see cref="DiversionProposals"/>) as the capacity monitor raises critical occupancy of
/// general or intensive-care beds at a hospital with an emergency department that is not diverting already. One
/// proposal per hospital waits at a time; its decision (<see cref="DispatchDecisions"/>) frees the hospital.
/// </summary>
public sealed class DiversionService : IHostedService
{
    private readonly IRouteTimes _routes;
    private readonly IEventBus _bus;
    private readonly HealthOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<DiversionService> _logger;
    private readonly ConcurrentDictionary<string, string> _pending = new(StringComparer.Ordinal);

    private readonly Forecasting.Live.AdmissionsForecastService? _forecasts;

    public DiversionService(CapacityMonitor monitor, IRouteTimes routes, IEventBus bus, HealthOptions options, TimeProvider clock, ILogger<DiversionService> logger,
        Forecasting.Live.AdmissionsForecastService? forecasts = null)
    {
        (_routes, _bus, _options, _clock, _logger, _forecasts) = (routes, bus, options, clock, logger, forecasts);
        monitor.Changed += OnAlertAsync;
    }

    // Hosted only so that it exists from start: it listens to the monitor from its constructor.
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>The diversion proposal waiting for a hospital, if any.</summary>
    public string? PendingFor(string hospital) => _pending.GetValueOrDefault(hospital);

    public async Task OnAlertAsync(CapacityAlert alert, HealthSnapshot city, CancellationToken ct)
    {
        if (!alert.Active || alert.Kind != CapacityAlert.Occupancy || alert.Level != CapacityAlert.Critical) return;
        if (alert.BedType is not (BedTypes.General or BedTypes.Icu)) return;
        if (!city.Hospitals.TryGetValue(alert.Hospital, out var hospital) || !hospital.EmergencyDepartment) return;
        var now = _clock.GetUtcNow();
        if (hospital.IsDiverting(now) || _pending.ContainsKey(hospital.Id)) return;
        var (to, considered) = await DiversionProposals.ChooseAsync(hospital, alert.BedType, city, _routes, _options.Dispatch, now, ct);
        if (to is null)
        {
            _logger.LogWarning("{Hospital} is critical on {BedType} beds, but no other emergency department can take its ambulances", hospital.Id, alert.BedType);
            return;
        }
        await ProposeAsync(DiversionProposals.Create(hospital, alert, to, considered, now, _options.Dispatch, _forecasts?.For(hospital.Id)), ct);
    }

    /// <summary>Proposes a diversion unless one for its hospital is waiting already (a flood's and a full ward's are one question).</summary>
    /// <returns>Whether it was proposed.</returns>
    public async Task<bool> ProposeAsync(ActionProposal proposal, CancellationToken ct)
    {
        if (!_pending.TryAdd(proposal.Target, proposal.Id)) return false;
        try
        {
            await _bus.PublishAsync(Topics.ActionsProposed, CloudEvent.Create(DispatchService.Source, ActionProposal.EventType, proposal, subject: proposal.Target), ct);
            _logger.LogInformation("Proposed {Proposal}: {Summary}", proposal.Id, proposal.Summary);
            return true;
        }
        catch
        {
            _pending.TryRemove(proposal.Target, out _);
            throw;
        }
    }

    public void OnDecided(ActionDecision decision)
    {
        if (decision.Type != DiversionProposals.ActionType || decision.Status == ActionStatus.Approved) return;
        if (_pending.TryGetValue(decision.Target, out var id) && id == decision.ActionId) _pending.TryRemove(decision.Target, out _);
    }
}
