using CityMesh.Contracts.Actions;
using CityMesh.Governance.Actions;
using CityMesh.Governance.Actions.Lifecycle;
using CityMesh.Governance.Actions.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Governance.Tests.Actions;

public sealed class ExpirySweeperTests
{
    [Fact]
    public async Task The_sweeper_expires_an_undecided_action_and_announces_it()
    {
        await using var host = await GovernanceHost.StartAsync(sweep: TimeSpan.FromMilliseconds(100));
        var proposal = Proposals.Retiming("retime-sweep", DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(300));

        await host.PublishAsync(proposal);
        var expired = await host.WaitForActionAsync("retime-sweep", a => a.GetProperty("status").GetString() == "expired");

        Assert.Equal("service:governance", expired.GetProperty("history")[1].GetProperty("actor").GetString());
        var decision = (await GovernanceHost.NextAsync(host.Decided, e => e.Subject == "retime-sweep")).GetData<ActionDecision>();
        Assert.Equal((ActionStatus.Expired, "service:governance"), (decision.Status, decision.Actor));
    }
}

public sealed class StalledExecutionTests
{
    [Fact]
    public async Task An_approved_action_whose_execution_was_cut_off_is_finished_by_the_sweeper()
    {
        await using var host = await GovernanceHost.StartAsync(sweep: TimeSpan.FromMilliseconds(100));
        var signal = $"urn:ngsi-ld:TrafficSignal:jinan:{Guid.NewGuid():N}";
        await host.CreateSignalAsync(signal);
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        GovernedAction Approved(string id, DateTimeOffset approvedAt) => ActionLifecycle.Approve(
            ActionLifecycle.Propose(Proposals.Retiming(id, at, TimeSpan.FromHours(1), target: signal), new ActionPolicy(), "service:transport", at),
            "ops-1", "before the crash", approvedAt).Action!;
        var store = host.Services.GetRequiredService<IActionStore>();
        await store.TryAddAsync(Approved("retime-stalled", at.AddMinutes(1)));
        await store.TryAddAsync(Approved("retime-in-flight", DateTimeOffset.UtcNow));

        var executed = await host.WaitForActionAsync("retime-stalled", a => a.GetProperty("status").GetString() == "executed");

        Assert.Equal("service:governance", executed.GetProperty("history")[2].GetProperty("actor").GetString());
        Assert.Equal("approved", (await host.WaitForActionAsync("retime-in-flight", _ => true)).GetProperty("status").GetString());
    }
}
