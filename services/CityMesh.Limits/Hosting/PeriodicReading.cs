using Microsoft.Extensions.Logging;

namespace CityMesh.Limits.Hosting;

/// <summary>
/// A value read from a store in the background every <c>interval</c>, for a metric: a scrape gets the latest reading
/// at once and never waits on the database, and however often Prometheus scrapes, the store is asked once per
/// interval. A failed read keeps the last value (readiness reports the outage); the first read happens at start.
/// </summary>
public sealed class PeriodicReading<T>(string what, Func<CancellationToken, Task<T>> read, T initial, TimeSpan interval, TimeProvider clock, ILogger log)
{
    private volatile Box _latest = new(initial);

    public T Latest => _latest.Value;

    /// <summary>Reads now, then every interval, until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                _latest = new Box(await read(ct));
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.LogDebug(e, "Reading {What} for the metrics failed; the last reading stands", what);
            }
        }
        while (await WaitAsync(timer, ct));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A reference, so a reader never sees a struct half written.</summary>
    private sealed record Box(T Value);
}
