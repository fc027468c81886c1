using CityMesh.Operator.Queue;

using CityMesh.Kubernetes.Fake;

namespace CityMesh.Operator.Tests.Controller;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static async Task<string?> Next(WorkQueue q)
    {
        using var cts = new CancellationTokenSource(Wait);
        return await q.GetAsync(cts.Token);
    }

    [Fact]
    public async Task Should_Coalesce_Adds_Of_A_Queued_Key()
    {
        using var q = new WorkQueue(new ManualTimeProvider());
        q.Add("ns/a");
        q.Add("ns/a");
        q.Add("ns/b");
        Assert.Equal(2, q.Length);
        Assert.Equal("ns/a", await Next(q));
        Assert.Equal("ns/b", await Next(q));
        Assert.Equal(0, q.Length);
    }

    [Fact]
    public async Task Should_Hold_A_Key_Added_While_Processing_Until_Done()
    {
        using var q = new WorkQueue(new ManualTimeProvider());
        q.Add("ns/a");
        var key = await Next(q);
        q.Add("ns/a");
        q.Add("ns/a");
        // Not handed out again while a worker holds it.
        Assert.Equal(0, q.Length);
        q.Done(key!);
        Assert.Equal(1, q.Length);
        Assert.Equal("ns/a", await Next(q));
        q.Done("ns/a");
        Assert.Equal(0, q.Length);
    }

    [Fact]
    public async Task Should_Never_Give_One_Key_To_Two_Workers()
    {
        using var q = new WorkQueue(TimeProvider.System);
        int inside = 0, maxInside = 0, processed = 0;
        using var cts = new CancellationTokenSource(Wait);
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (await q.GetAsync(cts.Token) is { } key)
            {
                int now = Interlocked.Increment(ref inside);
                InterlockedMax(ref maxInside, now);
                await Task.Yield();
                Interlocked.Decrement(ref inside);
                Interlocked.Increment(ref processed);
                q.Done(key);
            }
        })).ToArray();
        for (int i = 0; i < 500; i++)
        {
            q.Add("ns/same");
            if (i % 50 == 0) await Task.Yield();
        }
        while (q.Length > 0 && !cts.IsCancellationRequested) await Task.Delay(5);
        q.ShutDown();
        await Task.WhenAll(workers);
        Assert.Equal(1, maxInside);
        Assert.InRange(processed, 1, 500);
    }

    [Fact]
    public async Task Should_Add_After_The_Delay_On_The_Injected_Clock()
    {
        var clock = new ManualTimeProvider();
        using var q = new WorkQueue(clock);
        q.AddAfter("ns/a", TimeSpan.FromSeconds(30));
        q.AddAfter("ns/a", TimeSpan.FromSeconds(10));
        Assert.Equal(0, q.Length);
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, q.Length);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, q.Length);
        Assert.Equal("ns/a", await Next(q));
        q.Done("ns/a");
        // The earliest due time won; the later one was dropped.
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(0, q.Length);
        Assert.Equal(0, q.Waiting);
    }

    [Fact]
    public async Task Should_Back_Off_Exponentially_Per_Key_And_Reset_On_Forget()
    {
        var clock = new ManualTimeProvider();
        using var q = new WorkQueue(clock);
        var delays = new List<TimeSpan>();
        for (int i = 0; i < 4; i++)
        {
            q.AddRateLimited("ns/a");
            Assert.Equal(0, q.Length);
            var before = clock.GetUtcNow();
            while (q.Length == 0) clock.Advance(TimeSpan.FromMilliseconds(1));
            delays.Add(clock.GetUtcNow() - before);
            // Take it off the queue, as a worker would.
            Assert.Equal("ns/a", await Next(q));
            q.Done("ns/a");
        }
        Assert.Equal(new[] { 5.0, 10, 20, 40 }, delays.Select(d => d.TotalMilliseconds));
        Assert.Equal(4, q.NumRequeues("ns/a"));
        q.Forget("ns/a");
        Assert.Equal(0, q.NumRequeues("ns/a"));
    }

    [Fact]
    public void Should_Cap_The_Per_Item_Backoff_At_1000_Seconds()
    {
        var limiter = new ExponentialFailureRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        var delays = Enumerable.Range(0, 40).Select(_ => limiter.When("k")).ToArray();
        Assert.Equal(TimeSpan.FromMilliseconds(5), delays[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(5 * 1024), delays[10]);
        Assert.Equal(TimeSpan.FromSeconds(1000), delays[^1]);
        Assert.True(delays.Zip(delays.Skip(1)).All(p => p.Second >= p.First));
        // Other keys start again at the base delay.
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("other"));
    }

    [Fact]
    public void Should_Limit_All_Keys_Together_To_10_Per_Second_After_A_Burst_Of_100()
    {
        var clock = new ManualTimeProvider();
        var limiter = RateLimiters.DefaultController(clock);
        var first = Enumerable.Range(0, 100).Select(i => limiter.When($"k{i}")).ToArray();
        Assert.All(first, d => Assert.Equal(TimeSpan.FromMilliseconds(5), d));
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.When("k100"));
        Assert.Equal(TimeSpan.FromMilliseconds(200), limiter.When("k101"));
        clock.Advance(TimeSpan.FromSeconds(1));
        // Ten tokens came back, but two were already promised.
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("k102"));
    }

    [Fact]
    public async Task Should_Return_Null_After_Shutdown()
    {
        using var q = new WorkQueue(new ManualTimeProvider());
        q.ShutDown();
        q.Add("ns/a");
        Assert.Null(await Next(q));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
