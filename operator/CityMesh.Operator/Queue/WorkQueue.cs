using System.Threading.Channels;

namespace CityMesh.Operator.Queue;

/// <summary>
/// A work queue of object keys with client-go's guarantees: a key is queued at most once (re-adds coalesce), a key
/// being processed is never handed to a second worker (a re-add while processing is queued again on
/// <see cref="Done"/>), delayed adds keep the earliest due time, and rate-limited adds use <see cref="IRateLimiter"/>.
/// </summary>
public sealed class WorkQueue : IDisposable
{
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset Due, ITimer Timer)> _waiting = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly IRateLimiter _limiter;
    private bool _shutDown;

    public WorkQueue(TimeProvider time, IRateLimiter? limiter = null)
    {
        _time = time;
        _limiter = limiter ?? RateLimiters.DefaultController(time);
    }

    /// <summary>Keys queued and not yet handed out.</summary>
    public int Length
    {
        get { lock (_gate) return _dirty.Count(k => !_processing.Contains(k)); }
    }

    /// <summary>Keys waiting for a delayed add.</summary>
    public int Waiting
    {
        get { lock (_gate) return _waiting.Count; }
    }

    public void Add(string key)
    {
        lock (_gate)
        {
            if (_shutDown || !_dirty.Add(key)) return;
            // Processing: Done puts it back, so two workers never hold the same key.
            if (_processing.Contains(key)) return;
            _ready.Writer.TryWrite(key);
        }
    }

    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }
        lock (_gate)
        {
            if (_shutDown) return;
            var due = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var existing))
            {
                if (existing.Due <= due) return;
                existing.Timer.Dispose();
            }
            var timer = _time.CreateTimer(_ => Fire(key, due), null, delay, Timeout.InfiniteTimeSpan);
            _waiting[key] = (due, timer);
        }
    }

    public void AddRateLimited(string key) => AddAfter(key, _limiter.When(key));

    /// <summary>Success: the key's backoff starts again.</summary>
    public void Forget(string key) => _limiter.Forget(key);

    public int NumRequeues(string key) => _limiter.NumRequeues(key);

    /// <summary>The next key, marked as processing until <see cref="Done"/>; null once shut down.</summary>
    public async ValueTask<string?> GetAsync(CancellationToken ct)
    {
        string key;
        try
        {
            key = await _ready.Reader.ReadAsync(ct).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
        lock (_gate)
        {
            _dirty.Remove(key);
            _processing.Add(key);
        }
        return key;
    }

    /// <summary>Processing ended; a key re-added meanwhile is queued again now.</summary>
    public void Done(string key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key) && !_shutDown) _ready.Writer.TryWrite(key);
        }
    }

    public void ShutDown()
    {
        lock (_gate)
        {
            _shutDown = true;
            foreach (var (_, timer) in _waiting.Values) timer.Dispose();
            _waiting.Clear();
            _ready.Writer.TryComplete();
        }
    }

    public void Dispose() => ShutDown();

    private void Fire(string key, DateTimeOffset due)
    {
        lock (_gate)
        {
            // A later, earlier-due AddAfter replaced this timer; only the current one adds.
            if (!_waiting.TryGetValue(key, out var current) || current.Due != due) return;
            current.Timer.Dispose();
            _waiting.Remove(key);
        }
        Add(key);
    }
}
