namespace CityMesh.Operator.Controller;

/// <summary>
/// How long a lease lasts, how long a leader keeps trying to renew before it steps down, and how often anyone tries:
/// the settings of KubernetesClient's <c>LeaderElectionConfig</c>, with client-go's defaults and checks.
/// </summary>
public sealed record LeaderElectionTiming(TimeSpan LeaseDuration, TimeSpan RenewDeadline, TimeSpan RetryPeriod)
{
    /// <summary>client-go's jitter on the acquisition retry.</summary>
    public const double JitterFactor = 1.2;

    public static LeaderElectionTiming Default => new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2));

    /// <summary>This timing, or an error naming the rule it breaks (client-go's NewLeaderElector checks).</summary>
    public LeaderElectionTiming Validated()
    {
        if (RetryPeriod <= TimeSpan.Zero) throw new ArgumentException($"RetryPeriod is {RetryPeriod}; it must be positive");
        if (LeaseDuration < TimeSpan.FromSeconds(1)) throw new ArgumentException($"LeaseDuration is {LeaseDuration}; it must be at least 1 s (the lease stores whole seconds)");
        if (LeaseDuration <= RenewDeadline) throw new ArgumentException($"LeaseDuration ({LeaseDuration}) must be greater than RenewDeadline ({RenewDeadline})");
        if (RenewDeadline <= RetryPeriod * JitterFactor) throw new ArgumentException($"RenewDeadline ({RenewDeadline}) must be greater than {JitterFactor} x RetryPeriod ({RetryPeriod})");
        return this;
    }
}
