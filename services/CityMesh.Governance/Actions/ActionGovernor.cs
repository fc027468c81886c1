using CityMesh.Access;
using CityMesh.Contracts.Actions;
using CityMesh.Governance.Actions.Effects;
using CityMesh.Governance.Actions.Execution;
using CityMesh.Governance.Actions.Lifecycle;
using CityMesh.Governance.Actions.Storage;
using CityMesh.Governance.Audit;
using CityMesh.Messaging;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance.Actions;

/// <summary>
/// Runs the lifecycle against the world: takes proposals in, applies decisions, expires, executes approved effects
/// on the twin. Each step is stored (compare-and-set on the status), then audited, then announced on
/// <c>actions.decided</c> (every step but the proposal itself).
/// </summary>
public sealed class ActionGovernor(IActionStore store, IAuditLog audit, IEventBus bus, TwinPatcher patcher, EffectMeter meter,
    GovernanceOptions options, TimeProvider clock, ILogger<ActionGovernor> logger)
{
    /// <summary>Governance acting on its own: guardrail approvals, expiry and execution.</summary>
    public static readonly Caller Self = Caller.Service("governance");

    /// <summary>
    /// Takes a proposal under governance; proposing an id again changes nothing. Under act-within-guardrails an action
    /// whose effect, measured on the twin, is within its limits is approved by governance itself and executed at once.
    /// </summary>
    /// <param name="proposer">Who proposed it, as the transport authenticated it (never the proposal's own say).</param>
    public async Task<GovernedAction> ProposeAsync(ActionProposal proposal, Caller proposer, CancellationToken ct = default)
    {
        var policy = options.PolicyFor(proposal.Type);
        var verdict = policy.Autonomy == AutonomyLevel.ActWithinGuardrails
            ? Guardrails.Check(await meter.MeasureAsync(proposal.Effect, ct), policy)
            : null;
        var proposed = ActionLifecycle.Propose(proposal, policy, proposer.Name, clock.GetUtcNow(), verdict)
            with { TraceParent = System.Diagnostics.Activity.Current?.Id };
        if (await store.TryAddAsync(proposed, ct)) await AuditAsync(proposed, ct);
        var current = await store.GetAsync(proposal.Id, ct) ?? proposed;
        // Also on a redelivery: a first delivery that failed after storing the proposal did not get this far.
        if (current.Status == ActionStatus.Proposed && current.Autonomy == AutonomyLevel.ActWithinGuardrails
            && verdict is { WithinLimits: true })
        {
            var decided = await DecideAsync(current, a => ActionLifecycle.Approve(a, Self.Name, verdict.Reason, clock.GetUtcNow()), ct);
            return decided.Action ?? current;
        }
        return current;
    }

    public Task<ActionTransition> ApproveAsync(string id, Caller caller, string? reason, CancellationToken ct = default) =>
        DecideAsync(id, a => ActionLifecycle.Approve(a, caller.Name, reason, clock.GetUtcNow()), ct);

    public Task<ActionTransition> RejectAsync(string id, Caller caller, string? reason, CancellationToken ct = default) =>
        DecideAsync(id, a => ActionLifecycle.Reject(a, caller.Name, reason, clock.GetUtcNow()), ct);

    /// <param name="effect">The operator's effect in place of the proposed one; null keeps the proposed effect.</param>
    public Task<ActionTransition> OverrideAsync(string id, Caller caller, string? reason, IReadOnlyList<TwinPatch>? effect,
        CancellationToken ct = default) =>
        DecideAsync(id, a => ActionLifecycle.Override(a, caller.Name, reason, effect, clock.GetUtcNow()), ct);

    /// <summary>Marks every undecided action past its expiry as expired.</summary>
    /// <returns>How many were expired.</returns>
    public async Task<int> ExpireOverdueAsync(CancellationToken ct = default)
    {
        const int Batch = 500;
        var expired = 0;
        IReadOnlyList<GovernedAction> overdue;
        do
        {
            overdue = await store.ListOverdueAsync(clock.GetUtcNow(), Batch, ct);
            foreach (var action in overdue)
            {
                if ((await DecideAsync(action, a => ActionLifecycle.Expire(a, Self.Name, clock.GetUtcNow()), ct)).Action is not null) expired++;
            }
        } while (overdue.Count == Batch);
        return expired;
    }

    /// <summary>
    /// Executes approved actions whose execution never finished (the process stopped between approval and outcome),
    /// once they have been approved for longer than <paramref name="grace"/>, so an execution in flight is left alone.
    /// </summary>
    /// <returns>How many were executed or failed.</returns>
    public async Task<int> ResumeStalledAsync(TimeSpan grace, CancellationToken ct = default)
    {
        var before = clock.GetUtcNow() - grace;
        var stalled = (await store.ListAsync(new ActionQuery(ActionStatus.Approved, Limit: 500), ct)).Where(a => a.Latest.At < before).ToList();
        foreach (var action in stalled) await ExecuteAsync(action, ct);
        return stalled.Count;
    }

    public Task<GovernedAction?> GetAsync(string id, CancellationToken ct = default) => store.GetAsync(id, ct);

    public Task<IReadOnlyList<GovernedAction>> ListAsync(ActionQuery query, CancellationToken ct = default) => store.ListAsync(query, ct);

    private async Task<ActionTransition> DecideAsync(string id, Func<GovernedAction, ActionTransition> decide, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } action)
            return ActionTransition.Refused(RefusalKind.NotFound, $"no action '{id}'");
        // The decision (an operator's request, the sweeper) is a trace of its own: link it to the proposal's.
        if (action.TraceParent is { } proposedIn && System.Diagnostics.ActivityContext.TryParse(proposedIn, null, out var context))
            System.Diagnostics.Activity.Current?.AddLink(new System.Diagnostics.ActivityLink(context));
        var transition = await DecideAsync(action, decide, ct);
        // Refused as expired but not yet swept: record the expiry now rather than waiting for the sweeper.
        if (transition.Refusal?.Kind == RefusalKind.Expired)
            await DecideAsync(action, a => ActionLifecycle.Expire(a, Self.Name, clock.GetUtcNow()), ct);
        return transition;
    }

    /// <summary>Applies one transition; an approval goes on to execution, and the executed or failed action is returned.</summary>
    private async Task<ActionTransition> DecideAsync(GovernedAction action, Func<GovernedAction, ActionTransition> decide, CancellationToken ct)
    {
        var transition = decide(action);
        if (transition.Action is not { } next) return transition;
        if (!await store.TryReplaceAsync(next, action.Status, ct))
        {
            var now = await store.GetAsync(action.Id, ct);
            return ActionTransition.Refused(RefusalKind.NotPending,
                $"action '{action.Id}' was decided meanwhile: it is {(now is null ? "gone" : ActionLifecycle.Name(now.Status))}");
        }
        await AnnounceAsync(next, ct);
        return next.Status == ActionStatus.Approved ? ActionTransition.To(await ExecuteAsync(next, ct)) : transition;
    }

    private async Task<GovernedAction> ExecuteAsync(GovernedAction approved, CancellationToken ct)
    {
        // The decision is taken and recorded: finish applying it even if the caller goes away.
        var error = await patcher.ApplyAsync(approved.Effect, CancellationToken.None);
        var done = ActionLifecycle.Complete(approved, Self.Name, error, clock.GetUtcNow()).Action!;
        if (!await store.TryReplaceAsync(done, ActionStatus.Approved, CancellationToken.None))
        {
            logger.LogWarning("Action {Id} changed while its effect was applied; its outcome ({Status}) is not recorded twice", approved.Id, done.Status);
            return await store.GetAsync(approved.Id, CancellationToken.None) ?? done;
        }
        if (error is not null) logger.LogWarning("Action {Id} failed: {Error}", approved.Id, error);
        await AnnounceAsync(done, CancellationToken.None);
        return done;
    }

    private async Task AnnounceAsync(GovernedAction action, CancellationToken ct)
    {
        await AuditAsync(action, ct);
        var step = action.Latest;
        var decision = new ActionDecision(action.Id, action.Type, action.Proposal.Target, action.Status, step.Actor, step.Reason, step.At,
            action.Overridden, action.Error);
        await bus.PublishAsync(Topics.ActionsDecided, CloudEvent.Create(ActionDecision.Source, ActionDecision.EventType, decision, action.Id), ct);
    }

    private Task AuditAsync(GovernedAction action, CancellationToken ct) =>
        audit.AppendAsync(new AuditEntry(action.Latest.Actor, action.Latest.AuditKind, action.Id, ActionAuditDetails.Of(action)), ct);
}
