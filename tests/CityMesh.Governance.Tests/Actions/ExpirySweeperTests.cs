using CityMesh.Governance.Actions;

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
