using System.Globalization;
using CityMesh.Contracts.Actions;

namespace CityMesh.Governance.Actions.Lifecycle;

/// <summary>
/// Every lifecycle transition as a pure function of the action, the decision and the time: the one place that says
/// what may happen when. Decisions (approve, reject, override) are taken only while the action is proposed and not
/// past its expiry; advice is never executed; an override needs a reason; only approved actions complete.
/// </summary>
public static class ActionLifecycle
{
    /// <summary>A new action under <paramref name="policy"/>; its first step records why it waits (advice, guardrails).</summary>
    /// <param name="verdict">Under act-within-guardrails, what the guardrails found on the measured effect.</param>
    public static GovernedAction Propose(ActionProposal proposal, ActionPolicy policy, string proposer, DateTimeOffset at, GuardrailVerdict? verdict = null)
    {
        var note = policy.Autonomy switch
        {
            AutonomyLevel.Advise => "advice: shown to operators, never executed",
            AutonomyLevel.ActWithinGuardrails => verdict?.Reason ?? "outside guardrails, waits for an operator: the effect was not measured",
            _ => "waits for an operator's approval",
        };
        return new GovernedAction(proposal, policy.Autonomy, ActionStatus.Proposed, proposal.Effect, false,
            [new ActionStep(ActionStep.Proposed, ActionStatus.Proposed, proposer, note, at)]);
    }

    public static ActionTransition Approve(GovernedAction action, string actor, string? reason, DateTimeOffset now) =>
        Refusal(action, now, executes: true)
        ?? ActionTransition.To(Step(action, ActionStep.Approved, ActionStatus.Approved, actor, reason, now));

    /// <summary>Rejecting is also how advice is dismissed.</summary>
    public static ActionTransition Reject(GovernedAction action, string actor, string? reason, DateTimeOffset now) =>
        Refusal(action, now, executes: false)
        ?? ActionTransition.To(Step(action, ActionStep.Rejected, ActionStatus.Rejected, actor, reason, now));

    /// <summary>
    /// The operator approves with their own effect in place of the proposed one (<paramref name="effect"/> null keeps
    /// the proposed effect), and must say why.
    /// </summary>
    public static ActionTransition Override(GovernedAction action, string actor, string? reason, IReadOnlyList<TwinPatch>? effect, DateTimeOffset now)
    {
        if (Refusal(action, now, executes: true) is { } refused) return refused;
        if (string.IsNullOrWhiteSpace(reason))
            return ActionTransition.Refused(RefusalKind.ReasonRequired, $"overriding action '{action.Id}' needs a reason");
        return ActionTransition.To(Step(action, ActionStep.Overridden, ActionStatus.Approved, actor, reason, now) with
        {
            Effect = effect ?? action.Effect,
            Overridden = true,
        });
    }

    /// <summary>An undecided action past its expiry becomes expired (by the sweeper, or when someone tries to decide it).</summary>
    public static ActionTransition Expire(GovernedAction action, string actor, DateTimeOffset now)
    {
        if (action.Status != ActionStatus.Proposed) return NotPending(action);
        if (now <= action.Proposal.ExpiresAt)
            return ActionTransition.Refused(RefusalKind.NotDue, $"action '{action.Id}' expires at {Time(action.Proposal.ExpiresAt)}, not yet");
        return ActionTransition.To(Step(action, ActionStep.Expired, ActionStatus.Expired, actor, $"expired at {Time(action.Proposal.ExpiresAt)} undecided", now));
    }

    /// <summary>An approved action after its effect was applied to the twin: executed, or failed with <paramref name="error"/>.</summary>
    public static ActionTransition Complete(GovernedAction action, string actor, string? error, DateTimeOffset now)
    {
        if (action.Status != ActionStatus.Approved)
            return ActionTransition.Refused(RefusalKind.NotDue, $"action '{action.Id}' is {Name(action.Status)}; only an approved action is executed");
        return error is null
            ? ActionTransition.To(Step(action, ActionStep.Executed, ActionStatus.Executed, actor, null, now))
            : ActionTransition.To(Step(action, ActionStep.Failed, ActionStatus.Failed, actor, null, now, error) with { Error = error });
    }

    private static ActionTransition? Refusal(GovernedAction action, DateTimeOffset now, bool executes)
    {
        if (action.Status != ActionStatus.Proposed) return NotPending(action);
        if (now > action.Proposal.ExpiresAt)
            return ActionTransition.Refused(RefusalKind.Expired, $"action '{action.Id}' expired at {Time(action.Proposal.ExpiresAt)}");
        if (executes && action.Autonomy == AutonomyLevel.Advise)
            return ActionTransition.Refused(RefusalKind.AdviceOnly,
                $"action '{action.Id}' of type '{action.Type}' is advice only and cannot be approved for execution; reject it to dismiss it");
        return null;
    }

    private static ActionTransition NotPending(GovernedAction action) => ActionTransition.Refused(RefusalKind.NotPending,
        $"action '{action.Id}' is {Name(action.Status)} ({action.Latest.Actor}, {Time(action.Latest.At)}), not waiting for a decision");

    private static GovernedAction Step(GovernedAction action, string kind, ActionStatus status, string actor, string? reason, DateTimeOffset at,
        string? error = null) =>
        action with { Status = status, History = [.. action.History, new ActionStep(kind, status, actor, reason, at, error)] };

    internal static string Name(ActionStatus status) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
