using System.Text.Json.Nodes;
using CityMesh.Kubernetes;
using CityMesh.Kubernetes.Fake;
using Microsoft.Extensions.Logging.Abstractions;
using static CityMesh.Operator.Tests.Kubernetes.KubeTestObjects;

namespace CityMesh.Operator.Tests.Kubernetes;

/// <summary>
/// Each elector has its own manual clock, so "after the lease duration" is asserted on the clock that decides it;
/// the tests step clocks and wait for the electors to act, and assert nothing about wall time.
/// </summary>
public sealed class LeaderElectorTests
{
    private static readonly LeaderElectionTiming Timing = LeaderElectionTiming.Default;
    private const string LeasePath = "/leases/operator";

    private sealed record Candidate(LeaderElector Elector, ManualTimeProvider Clock, Task Run, CancellationTokenSource Stop)
    {
        public DateTimeOffset? StartedAt { get; set; }
    }

    private static Candidate Start(FakeKubeApiServer server, string identity, bool releaseOnCancel = true, ManualTimeProvider? clock = null)
    {
        clock ??= new ManualTimeProvider();
        var client = server.CreateClient();
        var elector = new LeaderElector(client, "city", "operator", identity, Timing, clock, NullLogger.Instance) { ReleaseOnCancel = releaseOnCancel };
        var stop = new CancellationTokenSource();
        Candidate? candidate = null;
        var run = elector.RunAsync(async lead =>
        {
            candidate!.StartedAt = clock.GetUtcNow();
            try { await Task.Delay(Timeout.Infinite, lead); } catch (OperationCanceledException) { }
        }, stop.Token);
        candidate = new Candidate(elector, clock, run, stop);
        return candidate;
    }

    /// <summary>Advance a clock one step at a time, letting the elector act on each step.</summary>
    private static async Task StepAsync(ManualTimeProvider clock, TimeSpan total, TimeSpan step, Func<bool>? until = null)
    {
        for (var moved = TimeSpan.Zero; moved < total && !(until?.Invoke() ?? false); moved += step)
        {
            clock.Advance(step);
            await Task.Delay(30);
        }
    }

    private static string? Holder(FakeKubeApiServer server) =>
        server.Get(KubeResource.Leases, "city", "operator")?["spec"]?["holderIdentity"]?.GetValue<string>();

    [Fact]
    public async Task Exactly_One_Of_Two_Electors_Leads()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        var a = Start(server, "a");
        var b = Start(server, "b");
        await EventuallyAsync(() => a.Elector.IsLeader || b.Elector.IsLeader, "a leader");

        for (var i = 0; i < 10; i++)
        {
            a.Clock.Advance(TimeSpan.FromSeconds(1));
            b.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(30);
            Assert.NotEqual(a.Elector.IsLeader, b.Elector.IsLeader);
        }
        var leader = a.Elector.IsLeader ? "a" : "b";
        Assert.Equal(leader, Holder(server));
        Assert.Equal(0, server.Get(KubeResource.Leases, "city", "operator")!["spec"]!["leaseTransitions"]!.GetValue<int>());

        await a.Stop.CancelAsync(); await b.Stop.CancelAsync();
        await Task.WhenAll(a.Run, b.Run);
    }

    [Fact]
    public async Task A_Stale_Lease_Is_Taken_Only_After_The_Lease_Duration_On_The_Observers_Clock()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        // The old leader's clock is years behind: the times it wrote into the lease must not matter.
        var a = Start(server, "a", releaseOnCancel: false, clock: new ManualTimeProvider(new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        await EventuallyAsync(() => a.Elector.IsLeader, "a leads");
        await a.Stop.CancelAsync();
        await a.Run;
        Assert.Equal("a", Holder(server));

        var b = Start(server, "b");
        var t0 = b.Clock.GetUtcNow();
        await EventuallyAsync(() => server.Count("GET", LeasePath) >= 1, "b reads the lease");
        await StepAsync(b.Clock, Timing.LeaseDuration - TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Assert.False(b.Elector.IsLeader);
        Assert.True(server.Count("GET", LeasePath) >= 3, "b kept retrying while the lease looked valid");

        await StepAsync(b.Clock, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), () => b.Elector.IsLeader);
        await EventuallyAsync(() => b.StartedAt is not null, "b starts leading");
        Assert.True(b.StartedAt!.Value - t0 >= Timing.LeaseDuration, $"b took over after {b.StartedAt.Value - t0}");
        Assert.Equal("b", Holder(server));
        Assert.Equal(1, server.Get(KubeResource.Leases, "city", "operator")!["spec"]!["leaseTransitions"]!.GetValue<int>());

        await b.Stop.CancelAsync();
        await b.Run;
    }

    [Fact]
    public async Task A_Leader_That_Cannot_Renew_Steps_Down()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        var a = Start(server, "a");
        await EventuallyAsync(() => a.Elector.IsLeader, "a leads");
        server.FailNext("PUT", LeasePath, 500, times: 1000);
        server.FailNext("GET", LeasePath, 500, times: 1000);

        await StepAsync(a.Clock, Timing.RenewDeadline * 3, TimeSpan.FromSeconds(1), () => !a.Elector.IsLeader);

        Assert.False(a.Elector.IsLeader);
        await a.Stop.CancelAsync();
        await a.Run;
    }

    [Fact]
    public async Task Release_On_Cancel_Lets_Another_Acquire_Promptly()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        var a = Start(server, "a");
        await EventuallyAsync(() => a.Elector.IsLeader, "a leads");
        // b's own first read, not a's: otherwise b may first look only after a released, and take the lease before
        // the release can be checked.
        var readsBefore = server.Count("GET", LeasePath);
        var b = Start(server, "b");
        var t0 = b.Clock.GetUtcNow();
        await EventuallyAsync(() => server.Count("GET", LeasePath) > readsBefore, "b reads the lease");

        await a.Stop.CancelAsync();
        await a.Run;
        var released = server.Get(KubeResource.Leases, "city", "operator")!["spec"]!;
        Assert.Equal("", released["holderIdentity"]!.GetValue<string>());
        Assert.Equal(1, released["leaseDurationSeconds"]!.GetValue<int>());

        await StepAsync(b.Clock, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), () => b.Elector.IsLeader);
        Assert.True(b.Elector.IsLeader);
        Assert.True(b.Clock.GetUtcNow() - t0 < Timing.LeaseDuration, "b did not wait out a released lease");

        await b.Stop.CancelAsync();
        await b.Run;
    }

    [Fact]
    public void Timing_Rejects_A_Renew_Deadline_Within_The_Jittered_Retry()
    {
        Assert.Throws<ArgumentException>(() => new LeaderElectionTiming(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)).Validated());
        Assert.Throws<ArgumentException>(() => new LeaderElectionTiming(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)).Validated());
        Assert.Equal(LeaderElectionTiming.Default, LeaderElectionTiming.Default.Validated());
    }

    [Fact]
    public void Micro_Time_Has_Six_Fraction_Digits_In_Utc()
    {
        var t = new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)).AddTicks(1234567);
        Assert.Equal("2030-05-06T05:08:09.123456Z", MicroTime.Format(t));
        _ = new JsonObject();
    }
}
