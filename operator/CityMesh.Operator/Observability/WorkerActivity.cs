namespace CityMesh.Operator.Observability;

/// <summary>
/// When each worker's current reconcile began (one slot per worker, lock-free), so liveness can tell a worker stuck
/// in one reconcile from one idly waiting for work; and how long each reconcile took, for the histogram.
/// </summary>
public sealed class WorkerActivity
{
    private const long Idle = long.MinValue;
    private readonly long[] _busySince;
    private readonly TimeProvider _time;

    public WorkerActivity(int workers, TimeProvider time)
    {
        _busySince = new long[Math.Max(1, workers)];
        Array.Fill(_busySince, Idle);
        _time = time;
    }

    /// <returns>The start timestamp, for <see cref="End"/>.</returns>
    public long Begin(int worker)
    {
        long now = _time.GetTimestamp();
        Volatile.Write(ref _busySince[worker], now);
        return now;
    }

    /// <returns>How long the reconcile took.</returns>
    public TimeSpan End(int worker, long started)
    {
        Volatile.Write(ref _busySince[worker], Idle);
        return _time.GetElapsedTime(started);
    }

    /// <summary>The age of the oldest reconcile in progress; zero when every worker is idle.</summary>
    public TimeSpan LongestBusy()
    {
        long now = _time.GetTimestamp(), oldest = now;
        for (int i = 0; i < _busySince.Length; i++)
        {
            long since = Volatile.Read(ref _busySince[i]);
            if (since != Idle && since < oldest) oldest = since;
        }
        return _time.GetElapsedTime(oldest, now);
    }
}
