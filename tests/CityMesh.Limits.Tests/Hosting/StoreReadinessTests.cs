using CityMesh.Limits.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Limits.Tests.Hosting;

/// <summary>What readiness says while a store is being prepared, has failed, and is ready.</summary>
public sealed class StoreReadinessTests
{
    [Fact]
    public async Task Says_it_is_preparing_while_an_attempt_runs_naming_the_last_failure_then_becomes_healthy()
    {
        var attempts = 0;
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var readiness = new StoreReadiness("test store", async ct =>
        {
            if (Interlocked.Increment(ref attempts) == 1) throw new InvalidOperationException("connection refused");
            second.TrySetResult();
            await release.Task.WaitAsync(ct);
        }, _ => Task.CompletedTask, NullLogger.Instance);

        await readiness.StartAsync(CancellationToken.None);
        var failed = await readiness.CheckAsync(CancellationToken.None);
        Assert.Equal(HealthStatus.Unhealthy, failed.Status);
        Assert.Equal("test store not prepared yet: connection refused", failed.Description);

        // The background retry is under way: the report says so rather than repeating the old failure alone.
        await second.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var preparing = await readiness.CheckAsync(CancellationToken.None);
        Assert.Equal(HealthStatus.Unhealthy, preparing.Status);
        Assert.StartsWith("test store not prepared yet: preparing again since ", preparing.Description);
        Assert.EndsWith("(last attempt: connection refused)", preparing.Description);

        release.SetResult();
        await readiness.Initialized.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HealthStatus.Healthy, (await readiness.CheckAsync(CancellationToken.None)).Status);
        await readiness.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_attempt_that_hangs_is_given_up_after_its_timeout_and_the_next_one_prepares_the_store()
    {
        var attempts = 0;
        var readiness = new StoreReadiness("test store", async ct =>
        {
            // The first attempt hangs and ignores its token, as a connection to a server still starting can.
            if (Interlocked.Increment(ref attempts) == 1) await Task.Delay(Timeout.Infinite, CancellationToken.None);
        }, _ => Task.CompletedTask, NullLogger.Instance) { AttemptTimeout = TimeSpan.FromMilliseconds(200) };

        await readiness.StartAsync(CancellationToken.None);
        Assert.Equal("test store not prepared yet: an attempt took more than 0.2 s and was given up",
            (await readiness.CheckAsync(CancellationToken.None)).Description);
        await readiness.Initialized.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HealthStatus.Healthy, (await readiness.CheckAsync(CancellationToken.None)).Status);
        Assert.Equal(2, attempts);
        await readiness.StopAsync(CancellationToken.None);
    }
}
