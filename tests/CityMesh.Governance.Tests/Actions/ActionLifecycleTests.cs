using System.Text.Json;
using CityMesh.Contracts.Actions;
using CityMesh.Governance.Actions;
using CityMesh.Governance.Actions.Lifecycle;

namespace CityMesh.Governance.Tests.Actions;

public sealed class ActionLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);
    private static readonly ActionPolicy ApproveThenAct = new() { Autonomy = AutonomyLevel.ApproveThenAct };
    private static readonly ActionPolicy Advise = new() { Autonomy = AutonomyLevel.Advise };
    private static readonly ActionPolicy Guarded = new()
    {
        Autonomy = AutonomyLevel.ActWithinGuardrails,
        Limits = new() { ["maxGreenChangeSeconds"] = 10, ["cycleChangeSeconds"] = 20 },
    };

    private static GovernedAction Proposed(ActionPolicy policy, double? greenChange = 6) =>
        ActionLifecycle.Propose(Proposals.Retiming("a1", T0, greenChange: greenChange), policy, "service:transport", T0);

    [Fact]
    public void A_proposal_starts_proposed_with_its_effect_and_a_first_step_by_the_proposer()
    {
        var action = Proposed(ApproveThenAct);

        Assert.Equal(ActionStatus.Proposed, action.Status);
        Assert.Equal(AutonomyLevel.ApproveThenAct, action.Autonomy);
        Assert.Equal(Proposals.Signal, Assert.Single(action.Effect).EntityId);
        var step = Assert.Single(action.History);
        Assert.Equal(("proposed", "service:transport", "action.proposed"), (step.Kind, step.Actor, step.AuditKind));
    }

    [Fact]
    public void Approve_moves_a_pending_action_to_approved_with_actor_and_reason()
    {
        var approved = ActionLifecycle.Approve(Proposed(ApproveThenAct), "ops-1", "peak hour", T0.AddMinutes(1)).Action!;

        Assert.Equal(ActionStatus.Approved, approved.Status);
        Assert.Equal(("approved", "ops-1", "peak hour", T0.AddMinutes(1)), (approved.Latest.Kind, approved.Latest.Actor, approved.Latest.Reason, approved.Latest.At));
        Assert.Equal(2, approved.History.Count);
        Assert.False(approved.Overridden);
    }

    [Fact]
    public void Reject_moves_a_pending_action_to_rejected()
    {
        var rejected = ActionLifecycle.Reject(Proposed(ApproveThenAct), "ops-1", "school run", T0.AddMinutes(1)).Action!;

        Assert.Equal(ActionStatus.Rejected, rejected.Status);
        Assert.Equal("action.rejected", rejected.Latest.AuditKind);
    }

    [Fact]
    public void Override_replaces_the_effect_and_approves()
    {
        var mine = new TwinPatch("urn:ngsi-ld:TrafficSignal:jinan:other", JsonSerializer.SerializeToElement(new { cycleLength = new { type = "Property", value = 90 } }));

        var overridden = ActionLifecycle.Override(Proposed(ApproveThenAct), "ops-1", "smaller change", [mine], T0.AddMinutes(1)).Action!;

        Assert.Equal(ActionStatus.Approved, overridden.Status);
        Assert.True(overridden.Overridden);
        Assert.Equal(mine, Assert.Single(overridden.Effect));
        Assert.Equal(("overridden", "action.overridden"), (overridden.Latest.Kind, overridden.Latest.AuditKind));
    }

    [Fact]
    public void Override_without_an_effect_keeps_the_proposed_one()
    {
        var action = Proposed(ApproveThenAct);

        var overridden = ActionLifecycle.Override(action, "ops-1", "approving outside the usual window", null, T0.AddMinutes(1)).Action!;

        Assert.Same(action.Effect, overridden.Effect);
        Assert.True(overridden.Overridden);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Override_without_a_reason_is_refused(string? reason)
    {
        var refusal = ActionLifecycle.Override(Proposed(ApproveThenAct), "ops-1", reason, null, T0.AddMinutes(1)).Refusal!;

        Assert.Equal(RefusalKind.ReasonRequired, refusal.Kind);
        Assert.Contains("needs a reason", refusal.Message);
    }

    [Fact]
    public void Decisions_after_the_expiry_are_refused_saying_when_it_expired()
    {
        var action = Proposed(ApproveThenAct);
        var late = action.Proposal.ExpiresAt.AddSeconds(1);

        foreach (var transition in new[]
                 {
                     ActionLifecycle.Approve(action, "ops-1", null, late),
                     ActionLifecycle.Reject(action, "ops-1", null, late),
                     ActionLifecycle.Override(action, "ops-1", "because", null, late),
                 })
        {
            Assert.Equal(RefusalKind.Expired, transition.Refusal!.Kind);
            Assert.Contains("expired at 2026-05-04T08:15:00Z", transition.Refusal.Message);
        }
    }

    [Fact]
    public void Approving_at_the_expiry_instant_is_still_in_time()
    {
        var action = Proposed(ApproveThenAct);

        Assert.NotNull(ActionLifecycle.Approve(action, "ops-1", null, action.Proposal.ExpiresAt).Action);
    }

    [Fact]
    public void Only_a_proposed_action_can_be_decided()
    {
        var rejected = ActionLifecycle.Reject(Proposed(ApproveThenAct), "ops-1", null, T0.AddMinutes(1)).Action!;

        var again = ActionLifecycle.Approve(rejected, "ops-2", null, T0.AddMinutes(2)).Refusal!;

        Assert.Equal(RefusalKind.NotPending, again.Kind);
        Assert.Contains("is rejected (ops-1", again.Message);
        Assert.Equal(RefusalKind.NotPending, ActionLifecycle.Override(rejected, "ops-2", "r", null, T0.AddMinutes(2)).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotPending, ActionLifecycle.Reject(rejected, "ops-2", null, T0.AddMinutes(2)).Refusal!.Kind);
    }

    [Fact]
    public void Advice_cannot_be_approved_or_overridden_but_can_be_dismissed_and_expires()
    {
        var advice = Proposed(Advise);

        Assert.Equal(RefusalKind.AdviceOnly, ActionLifecycle.Approve(advice, "ops-1", null, T0).Refusal!.Kind);
        Assert.Equal(RefusalKind.AdviceOnly, ActionLifecycle.Override(advice, "ops-1", "do it", null, T0).Refusal!.Kind);
        Assert.Contains("advice only", ActionLifecycle.Approve(advice, "ops-1", null, T0).Refusal!.Message);
        Assert.Equal(ActionStatus.Rejected, ActionLifecycle.Reject(advice, "ops-1", "noted", T0).Action!.Status);
        Assert.Equal(ActionStatus.Expired, ActionLifecycle.Expire(advice, "service:governance", T0.AddHours(1)).Action!.Status);
        Assert.Contains("never executed", advice.Latest.Reason);
    }

    [Fact]
    public void Expire_only_after_the_expiry_and_only_while_proposed()
    {
        var action = Proposed(ApproveThenAct);

        Assert.Equal(RefusalKind.NotDue, ActionLifecycle.Expire(action, "service:governance", action.Proposal.ExpiresAt).Refusal!.Kind);
        var expired = ActionLifecycle.Expire(action, "service:governance", action.Proposal.ExpiresAt.AddTicks(1)).Action!;
        Assert.Equal((ActionStatus.Expired, "action.expired"), (expired.Status, expired.Latest.AuditKind));
        Assert.Contains("expired at 2026-05-04T08:15:00Z", expired.Latest.Reason);

        var approved = ActionLifecycle.Approve(action, "ops-1", null, T0).Action!;
        Assert.Equal(RefusalKind.NotPending, ActionLifecycle.Expire(approved, "service:governance", T0.AddHours(1)).Refusal!.Kind);
    }

    [Fact]
    public void Complete_turns_an_approved_action_into_executed_or_failed()
    {
        var approved = ActionLifecycle.Approve(Proposed(ApproveThenAct), "ops-1", null, T0).Action!;

        var executed = ActionLifecycle.Complete(approved, "service:governance", null, T0.AddSeconds(1)).Action!;
        var failed = ActionLifecycle.Complete(approved, "service:governance", "the twin answered 404", T0.AddSeconds(1)).Action!;

        Assert.Equal((ActionStatus.Executed, "action.executed", (string?)null), (executed.Status, executed.Latest.AuditKind, executed.Error));
        Assert.Equal((ActionStatus.Failed, "action.failed", "the twin answered 404"), (failed.Status, failed.Latest.AuditKind, failed.Error));
        Assert.Equal(RefusalKind.NotDue, ActionLifecycle.Complete(executed, "service:governance", null, T0).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotDue, ActionLifecycle.Complete(Proposed(ApproveThenAct), "service:governance", null, T0).Refusal!.Kind);
    }

    [Fact]
    public void Guardrails_pass_when_every_limited_measure_is_within_its_limit_naming_each()
    {
        var proposal = Proposals.Retiming("a1", T0, greenChange: -10) with
        {
            Measures = new Dictionary<string, double> { ["maxGreenChangeSeconds"] = -10, ["cycleChangeSeconds"] = 4, ["unlimited"] = 1e6 },
        };

        var verdict = Guardrails.Check(new CityMesh.Governance.Actions.Effects.EffectMeasurement(proposal.Measures), Guarded);

        Assert.True(verdict.WithinLimits);
        Assert.Equal("within guardrails: cycleChangeSeconds 4 within limit 20; maxGreenChangeSeconds -10 within limit 10", verdict.Reason);
    }

    [Fact]
    public void Guardrails_hold_an_action_over_a_limit_or_missing_a_measure_and_say_why()
    {
        var over = Proposals.Retiming("a1", T0) with { Measures = new Dictionary<string, double> { ["maxGreenChangeSeconds"] = 14, ["cycleChangeSeconds"] = 4 } };
        var missing = Proposals.Retiming("a2", T0) with { Measures = new Dictionary<string, double> { ["maxGreenChangeSeconds"] = 3 } };

        var overVerdict = Guardrails.Check(new CityMesh.Governance.Actions.Effects.EffectMeasurement(over.Measures), Guarded);
        var missingVerdict = Guardrails.Check(new CityMesh.Governance.Actions.Effects.EffectMeasurement(missing.Measures), Guarded);

        Assert.False(overVerdict.WithinLimits);
        Assert.Contains("maxGreenChangeSeconds 14 over limit 10", overVerdict.Reason);
        Assert.False(missingVerdict.WithinLimits);
        Assert.Contains("cycleChangeSeconds missing (limit 20)", missingVerdict.Reason);
        var held = ActionLifecycle.Propose(over, Guarded, "service:transport", T0, overVerdict);
        Assert.Equal(ActionStatus.Proposed, held.Status);
        Assert.StartsWith("outside guardrails, waits for an operator", held.Latest.Reason);
    }
}
