using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace CityMesh.Limits.Hosting;

/// <summary>
/// A database-backed store's part in <c>/readyz</c>: prepares the store at start and, on every check afterwards, asks
/// it for one cheap round trip, so readiness falls while the database is down and comes back with it. A store that
/// cannot be prepared at start (the database is still coming up) does not stop the process: preparation is retried in
/// the background, with growing pauses, and readiness says why it waits. The twin's and governance's stores and the
/// audit log each hold one.
/// </summary>
/// <param name="store">What the store is, for messages ("twin store").</param>
/// <param name="initialize">The store's idempotent preparation (migrations).</param>
/// <param name="ping">One round trip to the store; throws when it does not answer.</param>
public sealed class StoreReadiness(string store, Func<CancellationToken, Task> initialize, Func<CancellationToken, Task> ping, ILogger logger)
{
    /// <summary>A check waits this long for the store: less than the kubelet's readiness probe timeout (3 s).</summary>
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one attempt to prepare the store may take before it is given up and tried again. Preparing a new
    /// database (extensions, tables) takes seconds to tens of seconds; a connection made while the server is still
    /// starting can hang far longer (a CI run saw one attempt outlast two minutes of polls after the database was
    /// back), and without a bound readiness would wait on it forever.
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private Task _retrying = Task.CompletedTask;
    private volatile string _waitingFor = "not started";

    /// <summary>Completes once the store is prepared; callers that write at start (seeding) wait for it.</summary>
    public Task Initialized => _initialized.Task;

    /// <summary>
    /// Tries once in line, so with the database up everything that starts later sees a prepared store, as before;
    /// otherwise goes on trying in the background.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await TryInitializeAsync(cancellationToken)) return;
        _retrying = Task.Run(() => RetryAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _retrying.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping is what cancelled it.
        }
    }

    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        if (!_initialized.Task.IsCompletedSuccessfully) return HealthCheckResult.Unhealthy($"{store} not prepared yet: {_waitingFor}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PingTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            await ping(timeout.Token);
            return HealthCheckResult.Healthy($"{store} answered in {clock.ElapsedMilliseconds} ms");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{store} did not answer within {PingTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{store} does not answer: {Reason(e)}");
        }
    }

    private async Task<bool> TryInitializeAsync(CancellationToken ct)
    {
        var failed = _waitingFor;
        // Preparing a new database (extensions, tables) can take a while: say so, rather than the last failure.
        _waitingFor = failed == "not started" ? "preparing" : $"preparing again since {DateTimeOffset.UtcNow:HH:mm:ss}Z (last attempt: {failed})";
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(AttemptTimeout);
        try
        {
            // WaitAsync as well as the token: a preparation that ignores its token is still left behind.
            await initialize(attempt.Token).WaitAsync(AttemptTimeout, ct);
            _initialized.TrySetResult();
            logger.LogInformation("The {Store} is prepared", store);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _waitingFor = e is TimeoutException || (e is OperationCanceledException && attempt.IsCancellationRequested)
                ? $"an attempt took more than {AttemptTimeout.TotalSeconds:0.#} s and was given up"
                : Reason(e);
            logger.LogWarning("Preparing the {Store} failed, retrying in the background: {Reason}", store, _waitingFor);
            return false;
        }
    }

    private async Task RetryAsync(CancellationToken ct)
    {
        var delay = FirstRetryDelay;
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(delay, ct);
            if (await TryInitializeAsync(ct)) return;
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    /// <summary>
    /// The exception's own message, which for Npgsql names the host and port but never the connection string's
    /// password; the innermost message says the cause (connection refused) rather than the wrapper's.
    /// </summary>
    private static string Reason(Exception e)
    {
        var inner = e.GetBaseException();
        return inner == e || inner.Message == e.Message ? e.Message : $"{e.Message} ({inner.Message})";
    }
}
