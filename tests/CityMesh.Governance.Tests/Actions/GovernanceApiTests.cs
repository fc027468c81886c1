using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CityMesh.Contracts.Actions;
using CityMesh.Governance.Actions;
using CityMesh.Messaging;

namespace CityMesh.Governance.Tests.Actions;

/// <summary>The actions API end to end: proposals over the bus, decisions over HTTP, effects on a real twin.</summary>
public sealed class GovernanceApiTests : IAsyncLifetime
{
    private GovernanceHost _host = null!;

    public async Task InitializeAsync() => _host = await GovernanceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string NewSignal() => $"urn:ngsi-ld:TrafficSignal:jinan:{Guid.NewGuid():N}";

    private static ActionProposal Proposal(string id, string signal, string type = Proposals.Type, double? greenChange = 6,
        DateTimeOffset? proposedAt = null, TimeSpan? lifetime = null) =>
        Proposals.Retiming(id, proposedAt ?? DateTimeOffset.UtcNow, lifetime, greenChange, signal, type);

    private async Task<JsonElement> ProposeAsync(ActionProposal proposal)
    {
        await _host.PublishAsync(proposal);
        return await _host.WaitForActionAsync(proposal.Id, _ => true);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private async Task<JsonElement> TwinPhasesAsync(string signal)
    {
        var entity = await _host.Viewer.GetFromJsonAsync<JsonElement>($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(signal)}?options=keyValues");
        return entity.GetProperty("phases");
    }

    private async Task<List<JsonElement>> AuditOfAsync(string subject)
    {
        var records = await _host.Operator.GetFromJsonAsync<JsonElement[]>("/governance/audit?after=0&limit=1000");
        return [.. records!.Where(r => r.GetProperty("subject").GetString() == subject)];
    }

    [Fact]
    public async Task An_operator_approves_a_proposal_and_the_signal_plan_changes_in_the_twin()
    {
        var signal = NewSignal();
        await _host.CreateSignalAsync(signal);
        var proposal = Proposal("retime-1", signal);
        var proposed = await ProposeAsync(proposal);
        Assert.Equal("proposed", proposed.GetProperty("status").GetString());
        var pending = await _host.Viewer.GetFromJsonAsync<JsonElement[]>($"/governance/actions?status=proposed&type={Proposals.Type}");
        Assert.Contains(pending!, a => a.GetProperty("id").GetString() == "retime-1");

        var response = await _host.Operator.PostAsync("/governance/actions/retime-1/approve", Json(new { reason = "morning peak" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var action = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("executed", action.GetProperty("status").GetString());
        Assert.Equal(["proposed", "approved", "executed"], action.GetProperty("history").EnumerateArray().Select(s => s.GetProperty("kind").GetString()));
        Assert.Equal("ops-1", action.GetProperty("history")[1].GetProperty("actor").GetString());
        Assert.Equal(40, (await TwinPhasesAsync(signal))[0].GetProperty("duration").GetInt32());

        var approved = await GovernanceHost.NextAsync(_host.Decided, e => e.Subject == "retime-1");
        var executed = await GovernanceHost.NextAsync(_host.Decided, e => e.Subject == "retime-1");
        Assert.Equal(ActionDecision.EventType, approved.Type);
        var decision = approved.GetData<ActionDecision>();
        Assert.Equal((ActionStatus.Approved, "ops-1", "morning peak", signal), (decision.Status, decision.Actor, decision.Reason, decision.Target));
        Assert.Equal(ActionStatus.Executed, executed.GetData<ActionDecision>().Status);

        var audit = await AuditOfAsync("retime-1");
        Assert.Equal(["action.proposed", "action.approved", "action.executed"], audit.Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal("service:transport", audit[0].GetProperty("actor").GetString());
        Assert.Equal(-42.5, audit[0].GetProperty("details").GetProperty("evidence").GetProperty("delayChangeSeconds").GetDouble());
        Assert.Equal("morning peak", audit[1].GetProperty("details").GetProperty("reason").GetString());
        Assert.Equal(signal, audit[2].GetProperty("details").GetProperty("effect")[0].GetProperty("entityId").GetString());
    }

    [Fact]
    public async Task Only_operators_decide_and_only_callers_read()
    {
        var signal = NewSignal();
        await _host.CreateSignalAsync(signal);
        await ProposeAsync(Proposal("retime-roles", signal));

        Assert.Equal(HttpStatusCode.Forbidden, (await _host.Viewer.PostAsync("/governance/actions/retime-roles/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Anonymous.PostAsync("/governance/actions/retime-roles/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Anonymous.GetAsync("/governance/actions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.Viewer.GetAsync("/governance/actions/retime-roles")).StatusCode);
        Assert.Equal("proposed", (await _host.WaitForActionAsync("retime-roles", _ => true)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unknown_action_is_404()
    {
        var approve = await _host.Operator.PostAsync("/governance/actions/no-such-action/approve", null);
        var get = await _host.Viewer.GetAsync("/governance/actions/no-such-action");

        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
        Assert.Contains("no action 'no-such-action'", await approve.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task An_expired_action_is_409_and_is_recorded_as_expired()
    {
        var signal = NewSignal();
        await _host.CreateSignalAsync(signal);
        var proposal = Proposal("retime-late", signal, proposedAt: DateTimeOffset.UtcNow.AddMinutes(-30), lifetime: TimeSpan.FromMinutes(10));
        await ProposeAsync(proposal);

        var response = await _host.Operator.PostAsync("/governance/actions/retime-late/approve", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("expired at", problem.GetProperty("detail").GetString());
        var action = await _host.WaitForActionAsync("retime-late", _ => true);
        Assert.Equal("expired", action.GetProperty("status").GetString());
        Assert.Equal(30, (await TwinPhasesAsync(signal))[0].GetProperty("duration").GetInt32());
        Assert.Equal(ActionStatus.Expired, (await GovernanceHost.NextAsync(_host.Decided, e => e.Subject == "retime-late")).GetData<ActionDecision>().Status);
    }

    [Fact]
    public async Task A_decided_action_cannot_be_decided_again()
    {
        var signal = NewSignal();
        await _host.CreateSignalAsync(signal);
        await ProposeAsync(Proposal("retime-twice", signal));

        Assert.Equal(HttpStatusCode.OK, (await _host.Operator.PostAsync("/governance/actions/retime-twice/reject", Json(new { reason = "school run" }))).StatusCode);
        var again = await _host.Operator.PostAsync("/governance/actions/retime-twice/approve", null);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("is rejected", await again.Content.ReadAsStringAsync());
        Assert.Equal(30, (await TwinPhasesAsync(signal))[0].GetProperty("duration").GetInt32());
    }

    [Fact]
    public async Task An_override_needs_a_reason_and_runs_the_operators_effect()
    {
        var signal = NewSignal();
        await _host.CreateSignalAsync(signal);
        await ProposeAsync(Proposal("retime-override", signal));

        var noReason = await _host.Operator.PostAsync("/governance/actions/retime-override/override", Json(new { }));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("$.reason", (await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());

        var mine = new[] { new { entityId = signal, attributes = new { phases = new { type = "Property", value = new[] { new { duration = 33, movements = new[] { 1 } } } } } } };
        var response = await _host.Operator.PostAsync("/governance/actions/retime-override/override", Json(new { reason = "a smaller step first", effect = mine }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var action = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("executed", action.GetProperty("status").GetString());
        Assert.True(action.GetProperty("overridden").GetBoolean());
        Assert.Equal(33, (await TwinPhasesAsync(signal))[0].GetProperty("duration").GetInt32());
        var audit = await AuditOfAsync("retime-override");
        Assert.Equal("action.overridden", audit[1].GetProperty("kind").GetString());
        Assert.Equal(40, audit[1].GetProperty("details").GetProperty("proposedEffect")[0].GetProperty("attributes").GetProperty("phases")
            .GetProperty("value")[0].GetProperty("duration").GetInt32());
    }

    [Fact]
    public async Task A_bad_decision_body_is_400_naming_the_field()
    {
        var signal = NewSignal();
        await _host.CreateSignalAsync(signal);
        await ProposeAsync(Proposal("retime-body", signal));

        var wrongType = await _host.Operator.PostAsync("/governance/actions/retime-body/approve", Json(new { reason = 5 }));
        var unknown = await _host.Operator.PostAsync("/governance/actions/retime-body/approve", Json(new { because = "x" }));
        var effectOnApprove = await _host.Operator.PostAsync("/governance/actions/retime-body/approve",
            Json(new { effect = new[] { new { entityId = signal, attributes = new { a = 1 } } } }));

        Assert.Equal("$.reason", (await wrongType.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Contains("because", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal("$.effect", (await effectOnApprove.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.All([wrongType, unknown, effectOnApprove], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal("proposed", (await _host.WaitForActionAsync("retime-body", _ => true)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_effect_on_an_entity_the_twin_lacks_fails_with_the_twins_answer()
    {
        var ghost = NewSignal();
        await ProposeAsync(Proposal("retime-ghost", ghost));

        var action = await (await _host.Operator.PostAsync("/governance/actions/retime-ghost/approve", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("failed", action.GetProperty("status").GetString());
        var error = action.GetProperty("error").GetString()!;
        Assert.Contains("404", error);
        Assert.Contains($"no entity '{ghost}'", error);
        var failed = (await GovernanceHost.NextAsync(_host.Decided, e => e.Subject == "retime-ghost" && e.GetData<ActionDecision>().Status == ActionStatus.Failed))
            .GetData<ActionDecision>();
        Assert.Contains("404", failed.Error);
        Assert.Equal("action.failed", (await AuditOfAsync("retime-ghost")).Last().GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Within_guardrails_governance_executes_on_its_own_and_over_them_it_waits()
    {
        var signal = NewSignal();
        await _host.CreateSignalAsync(signal);

        // 30/30 s → 40/25 s: the largest green change measured on the twin is 10 s, the limit.
        await _host.PublishAsync(Proposal("guarded-small", signal, GovernanceHost.GuardedType, greenChange: 6));
        var small = await _host.WaitForActionAsync("guarded-small", a => a.GetProperty("status").GetString() == "executed");
        // Declares 6 s but would change a green by 14 s: the measure on the twin decides, not the declaration.
        await ProposeAsync(Proposal("guarded-large", signal, GovernanceHost.GuardedType, greenChange: 6) with { Effect = [Phases(signal, 54, 25)] });
        await ProposeAsync(Proposal("guarded-unmeasured", signal, GovernanceHost.GuardedType) with
        {
            Effect = [new TwinPatch(signal, JsonSerializer.SerializeToElement(new { name = new { type = "Property", value = "renamed" } }))],
        });

        var approval = small.GetProperty("history")[1];
        Assert.Equal("service:governance", approval.GetProperty("actor").GetString());
        Assert.Equal("within guardrails: maxGreenChangeSeconds 10 within limit 10", approval.GetProperty("reason").GetString());
        Assert.Equal(40, (await TwinPhasesAsync(signal))[0].GetProperty("duration").GetInt32());
        var large = await _host.WaitForActionAsync("guarded-large", _ => true);
        Assert.Equal("proposed", large.GetProperty("status").GetString());
        Assert.Contains("maxGreenChangeSeconds 14 over limit 10", large.GetProperty("history")[0].GetProperty("reason").GetString());
        var unmeasured = await _host.WaitForActionAsync("guarded-unmeasured", _ => true);
        Assert.Equal("proposed", unmeasured.GetProperty("status").GetString());
        Assert.Contains("writes name, which is not part of a signal plan", unmeasured.GetProperty("history")[0].GetProperty("reason").GetString());
        Assert.Equal(["action.proposed", "action.approved", "action.executed"],
            (await AuditOfAsync("guarded-small")).Select(r => r.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task A_forged_proposal_claiming_transport_from_elsewhere_is_dead_lettered_and_changes_nothing()
    {
        var signal = NewSignal();
        await _host.CreateSignalAsync(signal);
        // A 7 s cycle, declared as a 1 s change, sent by something that is not the transport service.
        var forged = Proposal("forged-1", signal, GovernanceHost.GuardedType, greenChange: 1) with { Effect = [Phases(signal, 3, 4)] };

        await _host.Bus.PublishAsync(Topics.ActionsProposed, CloudEvent.Create("/attacker", ActionProposal.EventType, forged));
        var dead = await GovernanceHost.NextAsync(_host.DeadLetters, _ => true);

        Assert.Contains("source '/attacker' is not a domain service", dead.Data.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Viewer.GetAsync("/governance/actions/forged-1")).StatusCode);
        Assert.Equal(30, (await TwinPhasesAsync(signal))[0].GetProperty("duration").GetInt32());
    }

    [Fact]
    public async Task A_proposal_from_transport_claiming_another_domain_is_refused()
    {
        var signal = NewSignal();
        var claimed = Proposal("claims-energy", signal, "energy.load-shift") with { Domain = "energy" };

        await _host.PublishAsync(claimed);
        var dead = await GovernanceHost.NextAsync(_host.DeadLetters, _ => true);

        Assert.Contains("domain 'energy' is not the service that sent it, transport", dead.Data.GetProperty("reason").GetString());
    }

    private static TwinPatch Phases(string signal, int first, int second) => new(signal, JsonSerializer.SerializeToElement(new
    {
        phases = new { type = "Property", value = new[] { new { duration = first, movements = new[] { 1, 3 } }, new { duration = second, movements = new[] { 2, 4 } } } },
    }));

    [Fact]
    public async Task Advice_is_refused_for_execution_and_dismissed_by_rejecting()
    {
        var signal = NewSignal();
        await ProposeAsync(Proposal("advice-1", signal, GovernanceHost.AdviceType));

        var approve = await _host.Operator.PostAsync("/governance/actions/advice-1/approve", null);
        var dismiss = await _host.Operator.PostAsync("/governance/actions/advice-1/reject", Json(new { reason = "noted" }));

        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Contains("advice only", await approve.Content.ReadAsStringAsync());
        Assert.Equal("rejected", (await dismiss.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_invalid_proposal_is_dead_lettered_naming_the_field()
    {
        var bad = Proposal("bad-1", NewSignal()) with { ExpiresAt = DateTimeOffset.UtcNow.AddHours(-1) };

        await _host.PublishAsync(bad, eventId: "bad-event");

        var letter = (await GovernanceHost.NextAsync(_host.DeadLetters, e => e.Id.StartsWith("bad-event", StringComparison.Ordinal))).GetData<DeadLetter>();
        Assert.Equal((Topics.ActionsProposed, "governance", nameof(PoisonEventException)), (letter.Topic, letter.Subscriber, letter.Error));
        Assert.Contains("expiresAt", letter.Reason);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Viewer.GetAsync("/governance/actions/bad-1")).StatusCode);
    }

    [Fact]
    public async Task A_redelivered_proposal_is_governed_once()
    {
        var signal = NewSignal();
        var proposal = Proposal("retime-again", signal);

        await _host.PublishAsync(proposal);
        await _host.PublishAsync(proposal);
        await _host.PublishAsync(proposal, eventId: "same-event");
        await _host.PublishAsync(proposal, eventId: "same-event");
        await _host.WaitForActionAsync("retime-again", _ => true);
        await Task.Delay(200);

        Assert.Single(await AuditOfAsync("retime-again"));
    }

    [Fact]
    public async Task A_bad_status_filter_is_400_naming_it()
    {
        var response = await _host.Viewer.GetAsync("/governance/actions?status=pending");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("status", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }
}
