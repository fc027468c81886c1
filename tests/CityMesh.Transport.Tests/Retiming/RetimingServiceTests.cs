using System.Text.Json;
using CityMesh.Contracts.Actions;
using CityMesh.Messaging;
using CityMesh.Transport.Network;
using CityMesh.Transport.Retiming;
using CityMesh.Transport.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Transport.Tests.Retiming;

public sealed class RetimingServiceTests : IAsyncDisposable
{
    private static readonly JsonElement Trigger = JsonSerializer.SerializeToElement(new { requestedBy = "test" });

    private readonly InMemoryEventBus _bus = new();
    private readonly TransportView _view = new();
    private readonly List<ActionProposal> _proposed = [];
    private readonly IAsyncDisposable _subscription;
    private readonly RetimingService _retiming;

    public RetimingServiceTests()
    {
        _subscription = _bus.Subscribe(Topics.ActionsProposed, "test", (e, _) =>
        {
            lock (_proposed) _proposed.Add(e.GetData<ActionProposal>());
            return Task.CompletedTask;
        });
        // Short simulations keep the test quick; the service's defaults judge 45 minutes over two seeds.
        var options = new TransportOptions { Retiming = new RetimingOptions { Horizon = TimeSpan.FromMinutes(10), Warmup = TimeSpan.FromMinutes(5), Seeds = 1 } };
        _retiming = new RetimingService(_view, _bus, options, TimeProvider.System, NullLogger<RetimingService>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _subscription.DisposeAsync();
        await _bus.DisposeAsync();
    }

    [Fact]
    public async Task A_congested_intersection_gets_a_simulated_plan_proposed_to_governance()
    {
        // Heavy east–west flows through a plan that gives every one of its eight phases 30 s.
        _view.Publish(JinanTwin.Network(road => road.EndsWith("_0", StringComparison.Ordinal) || road.EndsWith("_2", StringComparison.Ordinal) ? 700 : 120));
        var outcome = await _retiming.ProposeAsync([JinanTwin.Intersection("intersection_1_1")], Trigger, CancellationToken.None);

        var proposal = Assert.IsType<ActionProposal>(outcome.Proposal);
        Assert.Equal(RetimingProposals.ActionType, proposal.Type);
        Assert.Equal(JinanTwin.Signal("intersection_1_1"), proposal.Target);
        Assert.True(proposal.ExpiresAt > proposal.ProposedAt);
        var names = outcome.Evaluation.Outcomes.Select(o => o.Name).ToList();
        Assert.Equal("current", names[0]);
        Assert.Contains("webster", names);
        Assert.Contains("max-pressure", names);
        Assert.Equal(names.Count, names.Distinct().Count());
        var chosen = outcome.Evaluation.Outcomes.Single(o => o.Name == proposal.Evidence.GetProperty("chosen").GetString());
        Assert.True(chosen.DelayChange <= -new RetimingOptions().MinImprovement, $"chosen {chosen.Name}: {chosen.DelayChange:P1}");
        Assert.True(chosen.NetworkDelayChange <= new RetimingOptions().NetworkTolerance);
        Assert.Equal(chosen.DelayChange, proposal.Evidence.GetProperty("predictedDelayChange").GetDouble());
        Assert.True(outcome.Evaluation.SpeedUp > 1, "simulated faster than real time");

        var patch = Assert.Single(proposal.Effect);
        Assert.Equal(JinanTwin.Signal("intersection_1_1"), patch.EntityId);
        if (chosen.MaxPressure.Count > 0)
        {
            Assert.Equal("max-pressure", patch.Attributes.GetProperty("controlMode").GetProperty("value").GetString());
            Assert.Empty(proposal.Measures);
        }
        else
        {
            var phases = patch.Attributes.GetProperty("phases").GetProperty("value").EnumerateArray().Select(p => p.GetProperty("duration").GetDouble()).ToArray();
            Assert.Equal(chosen.Durations[patch.EntityId], phases);
            Assert.Equal(phases.Sum(), patch.Attributes.GetProperty("cycleLength").GetProperty("value").GetDouble());
            Assert.Equal(245 - phases.Sum(), proposal.Measures[RetimingProposals.CycleChange]);
            Assert.True(proposal.Measures[RetimingProposals.MaxGreenChange] > 0);
        }
        await WaitForAsync(() => _proposed.Count == 1);
        Assert.Equal(proposal.Id, _proposed[0].Id);

        // One proposal per signal waits at a time; a final decision frees it.
        var pending = await Assert.ThrowsAsync<RetimingRequestException>(() => _retiming.ProposeAsync([JinanTwin.Intersection("intersection_1_1")], Trigger, CancellationToken.None));
        Assert.Equal((409, "intersection"), (pending.Status, pending.Field));
        Assert.False(_retiming.MayProposeFor(proposal.Target));
        _retiming.OnDecided(new ActionDecision(proposal.Id, proposal.Type, proposal.Target, ActionStatus.Approved, "op", null, DateTimeOffset.UtcNow));
        Assert.False(_retiming.MayProposeFor(proposal.Target));
        _retiming.OnDecided(new ActionDecision(proposal.Id, proposal.Type, proposal.Target, ActionStatus.Executed, "op", null, DateTimeOffset.UtcNow));
        Assert.False(_retiming.MayProposeFor(proposal.Target)); // resting after the decision
        var again = await _retiming.ProposeAsync([JinanTwin.Intersection("intersection_1_1")], Trigger, CancellationToken.None);
        Assert.NotNull(again.Evaluation);
    }

    [Fact]
    public async Task A_proposal_nobody_decides_frees_its_signal_when_it_expires()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 20, 17, 0, 0, TimeSpan.Zero));
        var options = new RetimingOptions { Horizon = TimeSpan.FromMinutes(10), Warmup = TimeSpan.FromMinutes(5), Seeds = 1, ProposalLifetime = TimeSpan.FromMinutes(15) };
        var retiming = new RetimingService(_view, _bus, new TransportOptions { Retiming = options }, clock, NullLogger<RetimingService>.Instance);
        _view.Publish(JinanTwin.Network(road => road.EndsWith("_0", StringComparison.Ordinal) || road.EndsWith("_2", StringComparison.Ordinal) ? 700 : 120));
        var outcome = await retiming.ProposeAsync([JinanTwin.Intersection("intersection_1_1")], Trigger, CancellationToken.None);
        var signal = outcome.Proposal!.Target;

        clock.Now += TimeSpan.FromMinutes(14);
        Assert.False(retiming.MayProposeFor(signal));
        clock.Now += TimeSpan.FromMinutes(2);
        Assert.True(retiming.MayProposeFor(signal));
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Theory]
    [InlineData("urn:ngsi-ld:Intersection:jinan:intersection_9_9", 404, "the twin holds no intersection")]
    [InlineData("urn:ngsi-ld:Intersection:tainan:intersection_1_1", 404, "is not an intersection of jinan")]
    [InlineData("urn:ngsi-ld:Intersection:jinan:intersection_0_1", 422, "has no traffic signal")]
    public async Task Requests_that_cannot_be_served_name_the_field(string intersection, int status, string message)
    {
        _view.Publish(JinanTwin.Network(_ => 300));
        var error = await Assert.ThrowsAsync<RetimingRequestException>(() => _retiming.ProposeAsync([intersection], Trigger, CancellationToken.None));
        Assert.Equal((status, "intersection"), (error.Status, error.Field));
        Assert.Contains(message, error.Message);
        Assert.Empty(_proposed);
    }

    [Fact]
    public async Task A_corridor_naming_one_intersection_twice_or_before_the_network_is_read_is_refused()
    {
        var early = await Assert.ThrowsAsync<RetimingRequestException>(() => _retiming.ProposeAsync([JinanTwin.Intersection("intersection_1_1")], Trigger, CancellationToken.None));
        Assert.Equal(503, early.Status);
        _view.Publish(JinanTwin.Network(_ => 300));
        var twice = await Assert.ThrowsAsync<RetimingRequestException>(() =>
            _retiming.ProposeAsync([JinanTwin.Intersection("intersection_1_1"), JinanTwin.Intersection("intersection_1_1")], Trigger, CancellationToken.None));
        Assert.Equal((400, "corridor"), (twice.Status, twice.Field));
    }

    [Fact]
    public async Task No_flow_anywhere_is_a_clear_error_not_a_proposal()
    {
        _view.Publish(JinanTwin.Network(_ => 0));
        var error = await Assert.ThrowsAsync<RetimingException>(() => _retiming.ProposeAsync([JinanTwin.Intersection("intersection_1_1")], Trigger, CancellationToken.None));
        Assert.Contains("no demand", error.Message);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }
}
