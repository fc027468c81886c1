using CityMesh.Limits.Settings;

namespace CityMesh.Twin.Subscriptions;

/// <summary>Settings under <c>CityMesh:Subscriptions</c>: how the twin delivers NGSI-LD notifications.</summary>
public sealed record SubscriptionOptions : ISettings<SubscriptionOptions>
{
    public const string Section = "CityMesh:Subscriptions";

    static string ISettings<SubscriptionOptions>.Section => Section;

    /// <summary>Lets endpoints be loopback, private or link-local addresses (a receiver beside the twin; tests).</summary>
    public bool AllowPrivateEndpoints { get; init; }

    /// <summary>Wait before the first retry of a failed notification; each further retry waits twice as long.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between retries.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts per notification before it is given up (recorded in the subscription's status).</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>How long a receiver may take to answer one notification.</summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Notifications in flight at once, over all subscriptions (each subscription's go one at a time, in order).</summary>
    public int ConcurrentDeliveries { get; init; } = 64;

    /// <summary>
    /// How often a replica looks for what others did: subscriptions written through another replica, notifications
    /// another one enqueued (PostgreSQL). Writes through this replica are seen at once.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Least <c>timeInterval</c> a subscription may ask for, in seconds: each period queries the twin.</summary>
    public double MinTimeInterval { get; init; } = 1;

    /// <summary>Subscriptions per tenant (and for the city's own entities).</summary>
    public int MaxSubscriptions { get; init; } = 100_000;

    public SubscriptionOptions Validated()
    {
        if (RetryDelay <= TimeSpan.Zero) throw Bad(nameof(RetryDelay), RetryDelay, "give a positive duration such as 00:00:01");
        if (MaxRetryDelay < RetryDelay) throw Bad(nameof(MaxRetryDelay), MaxRetryDelay, $"give at least RetryDelay ({RetryDelay})");
        if (MaxAttempts < 1) throw Bad(nameof(MaxAttempts), MaxAttempts, "give at least 1");
        if (DeliveryTimeout <= TimeSpan.Zero) throw Bad(nameof(DeliveryTimeout), DeliveryTimeout, "give a positive duration");
        if (ConcurrentDeliveries < 1) throw Bad(nameof(ConcurrentDeliveries), ConcurrentDeliveries, "give at least 1");
        if (PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromMinutes(1)) throw Bad(nameof(PollInterval), PollInterval, "give more than 0 and at most a minute");
        if (!(MinTimeInterval > 0)) throw Bad(nameof(MinTimeInterval), MinTimeInterval, "give a positive number of seconds");
        if (MaxSubscriptions < 1) throw Bad(nameof(MaxSubscriptions), MaxSubscriptions, "give at least 1");
        return this;
    }

    /// <summary>The wait before attempt <paramref name="failed"/> + 1, after <paramref name="failed"/> failures.</summary>
    public TimeSpan RetryAfter(int failed) =>
        TimeSpan.FromTicks((long)Math.Min(MaxRetryDelay.Ticks, RetryDelay.Ticks * Math.Pow(2, Math.Max(0, failed - 1))));

    private static InvalidOperationException Bad(string key, object value, string fix) => new($"{Section}:{key} is {value}; {fix}.");
}
