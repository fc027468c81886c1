using CityMesh.Messaging.Telemetry;
using Grpc.Core;

namespace CityMesh.Twin.Ingestion;

/// <summary>How a gateway retries: after a transient failure, waits <see cref="FirstDelay"/>, doubling up to <see cref="MaxDelay"/>.</summary>
public sealed record GatewayRetry
{
    /// <summary>Calls in a row that may fail before the failure is the caller's; a call that gets an ack resets the count.</summary>
    public int MaxAttempts { get; init; } = 6;

    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Each call's deadline; a call past it is ended by both sides and retried like a broken connection.</summary>
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Failures worth another call: the twin unreachable or restarting (Unavailable), a call cut short (Aborted), or
    /// past its deadline. Refusals (credentials, roles, limits) are not: resending changes nothing.
    /// </summary>
    public static bool IsTransient(StatusCode code) => code is StatusCode.Unavailable or StatusCode.Aborted or StatusCode.DeadlineExceeded;
}

/// <summary>
/// A .NET gateway's side of <c>IngestTelemetry</c>: sends batches in order and returns one ack per batch. When a call
/// fails with a transient status, the batches it did not acknowledge are sent again on a new call after a backoff, so
/// every batch is acknowledged once; a batch resent after being partly published is harmless, because the twin
/// ignores readings it already holds. Cancelling <c>ct</c> stops at once; what was acknowledged stays published.
/// </summary>
public sealed class TelemetryGatewayClient(TelemetryIngestion.TelemetryIngestionClient client, Metadata headers, GatewayRetry? retry = null,
    TimeProvider? clock = null)
{
    private readonly GatewayRetry _retry = retry ?? new GatewayRetry();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Calls made, retries included.</summary>
    public int Calls { get; private set; }

    /// <returns>The acks, one per batch, in order, each numbered by its batch's position in <paramref name="batches"/>.</returns>
    /// <exception cref="RpcException">A refusal, or transient failures <see cref="GatewayRetry.MaxAttempts"/> times in a row.</exception>
    public async Task<IReadOnlyList<BatchAck>> SendAsync(IReadOnlyList<ReadingBatch> batches, CancellationToken ct = default)
    {
        var acks = new List<BatchAck>(batches.Count);
        var failures = 0;
        while (acks.Count < batches.Count)
        {
            var before = acks.Count;
            try
            {
                await CallAsync(batches, acks, ct);
            }
            catch (RpcException e) when (GatewayRetry.IsTransient(e.StatusCode) && !ct.IsCancellationRequested)
            {
                failures = acks.Count > before ? 1 : failures + 1;
                if (failures >= _retry.MaxAttempts) throw;
                await Task.Delay(Backoff(failures), _clock, ct);
            }
        }
        return acks;
    }

    /// <summary>One call: writes every batch not yet acknowledged while reading acks, until all are in or it fails.</summary>
    private async Task CallAsync(IReadOnlyList<ReadingBatch> batches, List<BatchAck> acks, CancellationToken ct)
    {
        Calls++;
        var first = acks.Count;
        using var call = client.IngestTelemetry(headers, _clock.GetUtcNow().UtcDateTime + _retry.CallDeadline, ct);
        var writing = WriteAsync(call.RequestStream, batches, first, ct);
        try
        {
            while (await call.ResponseStream.MoveNext(ct))
            {
                var ack = call.ResponseStream.Current;
                // The twin numbers batches per call; the caller's numbering is their position in the whole list.
                ack.Sequence = first + ack.Sequence;
                acks.Add(ack);
            }
        }
        catch
        {
            // Ending the call releases a writer waiting on it; the writer's error is this one, so it is not rethrown.
            call.Dispose();
            try { await writing; }
            catch (Exception) { }
            throw;
        }
        await writing;
        if (acks.Count == first && first < batches.Count)
            throw new InvalidOperationException("the twin ended the call without acknowledging a batch");
    }

    private static async Task WriteAsync(IClientStreamWriter<ReadingBatch> requests, IReadOnlyList<ReadingBatch> batches, int first, CancellationToken ct)
    {
        for (var i = first; i < batches.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            await requests.WriteAsync(batches[i], ct);
        }
        await requests.CompleteAsync();
    }

    /// <summary>Doubles from the first delay up to the cap, with up to a fifth of jitter so gateways do not retry in step.</summary>
    private TimeSpan Backoff(int failures)
    {
        var delay = Math.Min(_retry.FirstDelay.TotalMilliseconds * Math.Pow(2, failures - 1), _retry.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (1 + Random.Shared.NextDouble() / 5));
    }
}
