using CityMesh.Contracts.Actions;
using CityMesh.Governance.Actions;
using CityMesh.Governance.Actions.Lifecycle;
using CityMesh.Governance.Actions.Storage;

namespace CityMesh.Governance.Tests.Actions;

/// <summary>What every <see cref="IActionStore"/> must do; each store's test class runs it.</summary>
public abstract class ActionStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);

    protected abstract Task<IActionStore> CreateStoreAsync();

    private static GovernedAction Proposed(string id, DateTimeOffset at, string type = Proposals.Type, TimeSpan? lifetime = null) =>
        ActionLifecycle.Propose(Proposals.Retiming(id, at, lifetime, type: type), new ActionPolicy(), "service:transport", at);

    [Fact]
    public async Task An_added_action_reads_back_equal_in_every_field()
    {
        var store = await CreateStoreAsync();
        var action = Proposed("a1", T0);

        Assert.True(await store.TryAddAsync(action));
        var read = (await store.GetAsync("a1"))!;

        Assert.Equal(action.Status, read.Status);
        Assert.Equal(action.Autonomy, read.Autonomy);
        Assert.Equal(action.History, read.History);
        Assert.Equal(action.Proposal.ExpiresAt, read.Proposal.ExpiresAt);
        Assert.Equal(action.Proposal.Measures, read.Proposal.Measures);
        Assert.Equal(action.Proposal.Model, read.Proposal.Model);
        Assert.Equal(-42.5, read.Proposal.Evidence.GetProperty("delayChangeSeconds").GetDouble());
        var patch = Assert.Single(read.Effect);
        Assert.Equal(Proposals.Signal, patch.EntityId);
        Assert.Equal(40, patch.Attributes.GetProperty("phases").GetProperty("value")[0].GetProperty("duration").GetInt32());
        Assert.Null(await store.GetAsync("nope"));
    }

    [Fact]
    public async Task Adding_an_id_again_is_refused_and_keeps_the_first()
    {
        var store = await CreateStoreAsync();
        await store.TryAddAsync(Proposed("a1", T0));

        Assert.False(await store.TryAddAsync(Proposed("a1", T0.AddHours(1))));
        Assert.Equal(T0, (await store.GetAsync("a1"))!.Proposal.ProposedAt);
    }

    [Fact]
    public async Task Replace_lands_only_while_the_status_is_the_expected_one()
    {
        var store = await CreateStoreAsync();
        var action = Proposed("a1", T0);
        await store.TryAddAsync(action);
        var approved = ActionLifecycle.Approve(action, "ops-1", "go", T0).Action!;
        var rejected = ActionLifecycle.Reject(action, "ops-2", "no", T0).Action!;

        Assert.True(await store.TryReplaceAsync(approved, ActionStatus.Proposed));
        Assert.False(await store.TryReplaceAsync(rejected, ActionStatus.Proposed));
        Assert.False(await store.TryReplaceAsync(Proposed("ghost", T0), ActionStatus.Proposed));
        var read = (await store.GetAsync("a1"))!;
        Assert.Equal(ActionStatus.Approved, read.Status);
        Assert.Equal("ops-1", read.Latest.Actor);
    }

    [Fact]
    public async Task Of_many_concurrent_decisions_exactly_one_lands()
    {
        var store = await CreateStoreAsync();
        var action = Proposed("a1", T0);
        await store.TryAddAsync(action);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            store.TryReplaceAsync(ActionLifecycle.Approve(action, $"ops-{i}", null, T0).Action!, ActionStatus.Proposed))));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task List_filters_by_status_and_type_newest_first()
    {
        var store = await CreateStoreAsync();
        await store.TryAddAsync(Proposed("old", T0));
        await store.TryAddAsync(Proposed("new", T0.AddMinutes(5)));
        await store.TryAddAsync(Proposed("energy", T0.AddMinutes(1), type: "energy.shed-load"));
        var rejected = Proposed("done", T0.AddMinutes(2));
        await store.TryAddAsync(rejected);
        await store.TryReplaceAsync(ActionLifecycle.Reject(rejected, "ops-1", null, T0).Action!, ActionStatus.Proposed);

        Assert.Equal(["new", "done", "energy", "old"], (await store.ListAsync(new ActionQuery())).Select(a => a.Id));
        Assert.Equal(["new", "energy", "old"], (await store.ListAsync(new ActionQuery(ActionStatus.Proposed))).Select(a => a.Id));
        Assert.Equal(["new", "old"], (await store.ListAsync(new ActionQuery(ActionStatus.Proposed, Proposals.Type))).Select(a => a.Id));
        Assert.Equal(["done"], (await store.ListAsync(new ActionQuery(ActionStatus.Rejected))).Select(a => a.Id));
        Assert.Equal(["new"], (await store.ListAsync(new ActionQuery(Limit: 1))).Select(a => a.Id));
    }

    [Fact]
    public async Task List_filters_by_the_incident_the_actions_respond_to()
    {
        var store = await CreateStoreAsync();
        const string Flood = "urn:ngsi-ld:Incident:jinan:flood-1";
        foreach (var (id, incident, minutes) in new[] { ("closure", Flood, 0), ("other", "urn:ngsi-ld:Incident:jinan:leak-1", 1), ("plain", null, 2), ("evacuation", Flood, 3) })
            await store.TryAddAsync(ActionLifecycle.Propose(Proposals.Retiming(id, T0.AddMinutes(minutes)) with { Incident = incident }, new ActionPolicy(), "service:safety", T0));

        Assert.Equal(["evacuation", "closure"], (await store.ListAsync(new ActionQuery(Incident: Flood))).Select(a => a.Id));
        Assert.Equal(Flood, (await store.GetAsync("closure"))!.Proposal.Incident);
        Assert.Empty(await store.ListAsync(new ActionQuery(Incident: "urn:ngsi-ld:Incident:jinan:none")));
    }

    [Fact]
    public async Task Overdue_lists_proposed_actions_past_their_expiry_oldest_first()
    {
        var store = await CreateStoreAsync();
        await store.TryAddAsync(Proposed("soon", T0, lifetime: TimeSpan.FromMinutes(5)));
        await store.TryAddAsync(Proposed("sooner", T0, lifetime: TimeSpan.FromMinutes(2)));
        await store.TryAddAsync(Proposed("later", T0, lifetime: TimeSpan.FromHours(1)));
        var decided = Proposed("decided", T0, lifetime: TimeSpan.FromMinutes(1));
        await store.TryAddAsync(decided);
        await store.TryReplaceAsync(ActionLifecycle.Reject(decided, "ops-1", null, T0).Action!, ActionStatus.Proposed);

        Assert.Equal(["sooner", "soon"], (await store.ListOverdueAsync(T0.AddMinutes(10), 10)).Select(a => a.Id));
        Assert.Equal(["sooner"], (await store.ListOverdueAsync(T0.AddMinutes(10), 1)).Select(a => a.Id));
        Assert.Empty(await store.ListOverdueAsync(T0.AddMinutes(2), 10));
    }
}

public sealed class MemoryActionStoreTests : ActionStoreContract
{
    protected override Task<IActionStore> CreateStoreAsync() => Task.FromResult<IActionStore>(new MemoryActionStore());
}
