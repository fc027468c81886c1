using CityMesh.Contracts.Actions;

namespace CityMesh.Governance.Actions;

/// <summary>
/// A proposal under governance: where it is in its lifecycle, the effect that runs when it executes (the proposed
/// one, or an operator's override), and every step so far. Changed only through <see cref="Lifecycle.ActionLifecycle"/>.
/// </summary>
/// <param name="Autonomy">The policy's level when it was proposed (a later policy change does not alter it).</param>
/// <param name="Effect">What executing it does: the proposal's effect, or the overriding operator's.</param>
/// <param name="Error">Why execution failed, when <see cref="Status"/> is <see cref="ActionStatus.Failed"/>.</param>
/// <param name="TraceParent">The W3C trace context the proposal arrived in: a decision made later (an operator's
/// approval, a new trace of its own) links to it, so the proposal's trace leads to its decision.</param>
public sealed record GovernedAction(ActionProposal Proposal, AutonomyLevel Autonomy, ActionStatus Status, IReadOnlyList<TwinPatch> Effect,
    bool Overridden, IReadOnlyList<ActionStep> History, string? Error = null, string? TraceParent = null)
{
    public string Id => Proposal.Id;

    public string Type => Proposal.Type;

    /// <summary>The latest step: who brought it to its current status, and why.</summary>
    public ActionStep Latest => History[^1];
}

/// <summary>One step of an action's history, as audited.</summary>
/// <param name="Kind">proposed, approved, overridden, rejected, expired, executed or failed: the audit kind after <c>action.</c>.</param>
/// <param name="Actor">The caller's name; <c>service:governance</c> for guardrails and expiry, the domain service for proposals.</param>
/// <param name="Reason">Why: the operator's words, the guardrail comparison, or why it waits for an operator.</param>
public sealed record ActionStep(string Kind, ActionStatus Status, string Actor, string? Reason, DateTimeOffset At, string? Error = null)
{
    public const string Proposed = "proposed", Approved = "approved", Overridden = "overridden", Rejected = "rejected",
        Expired = "expired", Executed = "executed", Failed = "failed";

    /// <summary>The audit log's kind for this step, e.g. <c>action.approved</c>.</summary>
    public string AuditKind => "action." + Kind;
}
