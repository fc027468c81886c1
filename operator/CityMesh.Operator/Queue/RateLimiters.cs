namespace CityMesh.Operator.Queue;

/// <summary>How long an item waits before it is retried (client-go <c>workqueue.TypedRateLimiter</c>).</summary>
public interface IRateLimiter
{
    /// <summary>The delay for this retry of <paramref name="key"/>; each call counts as one more failure.</summary>
    TimeSpan When(string key);

    /// <summary>The item succeeded: its failure count starts again.</summary>
    void Forget(string key);

    int NumRequeues(string key);
}

/// <summary>Per item, <c>baseDelay·2ⁿ</c> after n earlier failures, capped (client-go <c>ItemExponentialFailureRateLimiter</c>).</summary>
public sealed class ExponentialFailureRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay) : IRateLimiter
{
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public TimeSpan When(string key)
    {
        lock (_gate)
        {
            _failures.TryGetValue(key, out int n);
            _failures[key] = n + 1;
            // 2^n overflows long before the cap matters; compare in doubles.
            double ticks = baseDelay.Ticks * Math.Pow(2, n);
            return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
        }
    }

    public void Forget(string key)
    {
        lock (_gate) _failures.Remove(key);
    }

    public int NumRequeues(string key)
    {
        lock (_gate) return _failures.TryGetValue(key, out int n) ? n : 0;
    }
}

/// <summary>
/// One token bucket over all items (client-go <c>BucketRateLimiter</c> over <c>rate.Limiter</c>): each retry takes a
/// token; when the bucket is empty the retry waits until its token will have been refilled.
/// </summary>
public sealed class TokenBucketRateLimiter : IRateLimiter
{
    private readonly double _perSecond;
    private readonly int _burst;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private double _tokens;
    private DateTimeOffset _last;

    public TokenBucketRateLimiter(double perSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        (_perSecond, _burst, _time) = (perSecond, burst, time);
        _tokens = burst;
        _last = time.GetUtcNow();
    }

    public TimeSpan When(string key)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _tokens = Math.Min(_burst, _tokens + (now - _last).TotalSeconds * _perSecond);
            _last = now;
            // A reservation: the token is taken now, possibly driving the bucket negative (rate.Limiter.Reserve).
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _perSecond);
        }
    }

    public void Forget(string key) { }

    public int NumRequeues(string key) => 0;
}

/// <summary>The longest delay of several limiters (client-go <c>MaxOfRateLimiter</c>).</summary>
public sealed class MaxOfRateLimiter(params IRateLimiter[] limiters) : IRateLimiter
{
    public TimeSpan When(string key)
    {
        var max = TimeSpan.Zero;
        foreach (var limiter in limiters)
        {
            var d = limiter.When(key);
            if (d > max) max = d;
        }
        return max;
    }

    public void Forget(string key)
    {
        foreach (var limiter in limiters) limiter.Forget(key);
    }

    public int NumRequeues(string key) => limiters.Max(l => l.NumRequeues(key));
}

public static class RateLimiters
{
    /// <summary>client-go's <c>DefaultControllerRateLimiter</c>: max(5 ms·2ⁿ capped at 1000 s, 10 qps with a burst of 100).</summary>
    public static IRateLimiter DefaultController(TimeProvider time) => new MaxOfRateLimiter(
        new ExponentialFailureRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)),
        new TokenBucketRateLimiter(10, 100, time));
}
