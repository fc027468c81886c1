using System.Collections.Concurrent;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Health;
using CityMesh.Health.Twin;
using CityMesh.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Health.Dispatch;

/// <summary>
/// Sends ambulances: for each call the twin holds as <c>received</c>, plans a dispatch (<see cref="DispatchPlanner"/>)
/// and proposes it to governance on <c>actions.proposed</c>, which dispatches at once under the policy's guardrails or
/// waits for a dispatcher. One proposal per call waits at a time, and an ambulance in a waiting proposal is not
/// offered to another call. A rejected, expired or failed proposal frees the call to be planned again, without the
/// ambulance a dispatcher rejected; a call with no plan (no free ambulance, no hospital able to take the patient) is
/// tried again after <see cref="RetryAfter"/>.
/// <para>
/// A proposal's id is the call's and the ambulance's (<see cref="DispatchProposals.IdFor"/>), so after a restart,
/// which forgets the proposals waiting, the same plan proposed again is the same proposal to governance (a no-op),
/// never a second crew for the call. A proposal with no decision heard within its lifetime and
/// <see cref="DecisionGrace"/> (a decision taken while this service was down) no longer holds the call: it is planned
/// again without that ambulance.
/// </para>
/// </summary>
public sealed class DispatchService(HealthView view, IRouteTimes routes, IEventBus bus, HealthOptions options, TimeProvider clock,
    ILogger<DispatchService> logger) : BackgroundService
{
    public const string Source = "/citymesh/health";

    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>How long past a proposal's expiry its decision is waited for.</summary>
    public static readonly TimeSpan DecisionGrace = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Reason, DateTimeOffset At)> _unplanned = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>> _rejected = new(StringComparer.Ordinal);

    /// <summary>Calls whose dispatch was executed, until the view shows them dispatched (the twin's change reaches it a moment later).</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _executed = new(StringComparer.Ordinal);

    private sealed record Pending(string ActionId, string Ambulance, DateTimeOffset At);

    /// <summary>What dispatch is doing about a call: its waiting proposal, or why it has none.</summary>
    public (string? Proposal, string? Unplanned) StateOf(string call) =>
        (_pending.TryGetValue(call, out var p) ? p.ActionId : null, _unplanned.TryGetValue(call, out var u) ? u.Reason : null);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!options.Dispatch.Automatic) return;
        while (!ct.IsCancellationRequested)
        {
            var snapshot = await view.NextAsync(ct);
            try
            {
                await DispatchWaitingAsync(snapshot, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Dispatch round failed; calls are tried again with the next view of the city");
            }
        }
    }

    /// <summary>Plans and proposes for every received call without a waiting proposal.</summary>
    public async Task DispatchWaitingAsync(HealthSnapshot snapshot, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Calls no longer waiting for an ambulance need none of what was kept about them.
        foreach (var call in _executed.Keys.Concat(_rejected.Keys).Concat(_unplanned.Keys).Distinct().ToArray())
        {
            if (snapshot.Calls.TryGetValue(call, out var seen) && seen.Status == "received") continue;
            _executed.TryRemove(call, out _);
            _rejected.TryRemove(call, out _);
            _unplanned.TryRemove(call, out _);
        }
        foreach (var (call, pending) in _pending.ToArray())
        {
            if (now - pending.At < options.Dispatch.ProposalLifetime + DecisionGrace) continue;
            logger.LogWarning("No decision heard on {Proposal} for {Call}; planning it again without {Ambulance}", pending.ActionId, call, pending.Ambulance);
            Exclude(call, pending.Ambulance);
            _pending.TryRemove(call, out _);
        }
        foreach (var call in snapshot.Calls.Values.Where(c => c.Status == "received").OrderBy(c => c.ReceivedAt).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            if (_pending.ContainsKey(call.Id) || _executed.ContainsKey(call.Id)) continue;
            if (_unplanned.TryGetValue(call.Id, out var last) && now - last.At < RetryAfter) continue;
            var busy = _pending.Values.Select(p => p.Ambulance).Concat(Excluded(call.Id)).ToHashSet(StringComparer.Ordinal);
            // Wall time, as every action's: a hospital's diversion runs until a wall-clock time.
            var outcome = await DispatchPlanner.PlanAsync(call, snapshot, routes, options.Dispatch, now, ct, busy);
            if (outcome.Plan is not { } plan)
            {
                _unplanned[call.Id] = (outcome.Refusal!, now);
                logger.LogWarning("No dispatch yet for {Call}: {Reason}", call.Id, outcome.Refusal);
                continue;
            }
            _unplanned.TryRemove(call.Id, out _);
            var proposal = DispatchProposals.Create(plan, now, options.Dispatch.ProposalLifetime);
            _pending[call.Id] = new Pending(proposal.Id, plan.Ambulance, now);
            try
            {
                await bus.PublishAsync(Topics.ActionsProposed, CloudEvent.Create(Source, ActionProposal.EventType, proposal, subject: proposal.Target), ct);
                logger.LogInformation("Proposed {Proposal}: {Summary}", proposal.Id, proposal.Summary);
            }
            catch
            {
                _pending.TryRemove(call.Id, out _);
                throw;
            }
        }
    }

    /// <summary>Governance decided on one of dispatch's proposals (<see cref="DispatchDecisions"/>).</summary>
    public void OnDecided(ActionDecision decision)
    {
        if (decision.Type != DispatchProposals.ActionType) return;
        var entry = _pending.FirstOrDefault(p => p.Value.ActionId == decision.ActionId);
        if (entry.Key is not { } call) return;
        switch (decision.Status)
        {
            case ActionStatus.Approved:
                return; // executed or failed comes next
            case ActionStatus.Rejected:
                Exclude(call, entry.Value.Ambulance);
                break;
        }
        // Executed: the call is dispatched in the twin and leaves the received list. Otherwise it is planned again.
        if (decision.Status == ActionStatus.Executed) _executed[call] = decision.At;
        _pending.TryRemove(call, out _);
    }

    private void Exclude(string call, string ambulance) =>
        _rejected.AddOrUpdate(call, _ => new HashSet<string>(StringComparer.Ordinal) { ambulance }, (_, set) => { lock (set) set.Add(ambulance); return set; });

    private string[] Excluded(string call)
    {
        if (!_rejected.TryGetValue(call, out var set)) return [];
        lock (set) return [.. set];
    }
}
