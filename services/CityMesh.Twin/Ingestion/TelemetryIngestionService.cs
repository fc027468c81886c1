using CityMesh.Access;
using CityMesh.Limits;
using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using CityMesh.Twin.Telemetry;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Ingestion;

/// <summary>
/// <c>IngestTelemetry</c>: a gateway streams <see cref="ReadingBatch"/>es; each is checked with the ingestor's
/// <see cref="ReadingRules"/>, its acceptable readings are published on <c>telemetry.raw</c> (one event per entity, keyed
/// by it, as sensors publish), and only after the bus has accepted them (Kafka: acknowledged by the brokers) is the
/// batch answered with a <see cref="BatchAck"/>. Refused readings are named in the ack and never published; the rest of
/// their batch is, as the bus path applies the rest of an event. Batches are handled one at a time, in order, so an
/// ack also says every earlier batch is published; a batch without an ack when the stream ends (cancelled, deadline,
/// broken connection) may be partly published, and resending it is safe because the twin ignores readings it holds.
/// </summary>
[Authorize(Policy = Roles.Policy.TelemetryWriter)]
public sealed class TelemetryIngestionService(IEventBus bus, TelemetryIngestor ingestor, InputLimits limits, ILogger<TelemetryIngestionService> logger)
    : TelemetryIngestion.TelemetryIngestionBase
{
    /// <summary>CloudEvent source of what gateways publish; the caller's name follows, so each event says who sent it.</summary>
    public const string SourcePrefix = "urn:citymesh:gateway:";

    public override async Task IngestTelemetry(IAsyncStreamReader<ReadingBatch> requestStream, IServerStreamWriter<BatchAck> responseStream,
        ServerCallContext context)
    {
        var caller = Caller.From(context.GetHttpContext().User);
        var source = SourcePrefix + caller.Name;
        var ct = context.CancellationToken;
        long sequence = 0, published = 0, refused = 0;
        while (await NextAsync(requestStream, ct))
        {
            var ack = await IngestAsync(++sequence, requestStream.Current, source, ct);
            published += ack.Published;
            refused += ack.Refused.Count;
            await responseStream.WriteAsync(ack, ct);
        }
        logger.LogInformation("Gateway {Caller}: {Batches} batch(es), {Published} reading(s) published, {Refused} refused",
            caller, sequence, published, refused);
    }

    /// <summary>The next batch; a message over the size limit ends the stream with an error naming the setting.</summary>
    private async Task<bool> NextAsync(IAsyncStreamReader<ReadingBatch> requestStream, CancellationToken ct)
    {
        try
        {
            return await requestStream.MoveNext(ct);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"a message exceeds {limits.TelemetryMessageBytes} bytes ({InputLimits.Section}:{nameof(InputLimits.TelemetryMessageBytes)}); " +
                "send smaller batches. Batches acknowledged before it are published."));
        }
    }

    private async Task<BatchAck> IngestAsync(long sequence, ReadingBatch batch, string source, CancellationToken ct)
    {
        var ack = new BatchAck { Sequence = sequence };
        var readings = batch.Readings;
        if (readings.Count == 0)
        {
            ack.BatchRefused = "the batch holds no readings";
            return ack;
        }
        if (readings.Count > limits.TelemetryReadingsPerBatch)
        {
            ack.BatchRefused = $"the batch holds {readings.Count} readings; {InputLimits.Section}:{nameof(InputLimits.TelemetryReadingsPerBatch)} " +
                $"allows {limits.TelemetryReadingsPerBatch}: split it";
            return ack;
        }

        await ingestor.Rules.LoadAsync(readings.Select(r => r.EntityId), ct);
        // One event per entity, in the order entities first appear, each keeping its readings' order: the bus keeps
        // order per key (the entity), which is all the twin needs.
        var perEntity = new Dictionary<string, ReadingBatch>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < readings.Count; i++)
        {
            var reading = readings[i];
            if (ingestor.Rules.Check(reading.EntityId, reading) is { } refusal)
            {
                ack.Refused.Add(new RefusedReading
                {
                    Index = i, EntityId = reading.EntityId, Attribute = reading.Attribute, Field = refusal.Field, Reason = refusal.Reason,
                });
                continue;
            }
            if (!perEntity.TryGetValue(reading.EntityId, out var own))
            {
                perEntity[reading.EntityId] = own = new ReadingBatch();
                order.Add(reading.EntityId);
            }
            own.Readings.Add(reading);
        }
        if (order.Count > 0)
        {
            try
            {
                await bus.PublishBatchAsync(Topics.TelemetryRaw, order.Select(id => TelemetryContent.Create(source, id, perEntity[id])), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // The bus is down or refused (brokers unreachable, the sidecar not ready): a gateway retries UNAVAILABLE
                // with backoff, so say that rather than UNKNOWN, and what became of this batch.
                logger.LogWarning("Gateway batch {Sequence} not published: {Reason}", sequence, e.Message);
                throw new RpcException(new Status(StatusCode.Unavailable,
                    $"batch {sequence} could not be published on {Topics.TelemetryRaw} ({e.GetType().Name}: {e.Message}); it may be partly published: " +
                    "resend it and every later batch. Batches acknowledged before it are published."));
            }
        }
        ack.Published = readings.Count - ack.Refused.Count;
        return ack;
    }
}
