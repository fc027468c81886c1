using System.Text.Json;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;
using CityMesh.Messaging.Idempotency;
using CityMesh.Messaging.Telemetry;
using CityMesh.Twin.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Telemetry;

/// <summary>
/// <c>telemetry.raw</c> → validate → apply to the twin in batches → <c>twin.changed</c>. Events carry a protobuf
/// <see cref="ReadingBatch"/> (<see cref="TelemetryContent"/>), the one wire form on every transport. A batch of
/// events is applied in one <see cref="TwinService.ApplyAsync"/> call. Exactly once in effect: an event id is
/// remembered only after its batch is applied, so a crash mid-batch redelivers it, and the re-applied readings are
/// duplicates the twin ignores; late readings go to history only. Point readings on <c>location</c> move the entity
/// (<see cref="LocationFixes"/>). Readings that cannot be applied (undecodable
/// payload, unknown entity, wrong type or unit, reserved or relationship attribute) go to <c>telemetry.raw.dlq</c>
/// with the reason and are counted; the rest of the batch still lands.
/// </summary>
public sealed class TelemetryIngestor(
    IEventBus bus, TwinService twin, ILogger<TelemetryIngestor> logger, TelemetryIngestorOptions? options = null, TimeProvider? clock = null)
    : IEventBatchHandler
{
    public const string Subscriber = "twin-telemetry";
    public const string RejectedEventType = "io.citymesh.telemetry.rejected";

    private readonly TelemetryIngestorOptions _options = (options ?? new TelemetryIngestorOptions()).Validated();
    private readonly RecentEventIds _seen = new((options ?? new TelemetryIngestorOptions()).DedupeWindow);
    private readonly LocationFixes _locations = new(twin);
    private long _events, _redelivered, _applied, _historyOnly, _duplicates, _rejected, _deadLettered;

    /// <summary>Events taken from the bus, redeliveries included.</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>Events dropped because their id was already applied.</summary>
    public long Redelivered => Interlocked.Read(ref _redelivered);

    /// <summary>Readings that became an attribute's current value.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Readings older than the current value, kept in history only (a late location is not applied: locations keep no history).</summary>
    public long HistoryOnly => Interlocked.Read(ref _historyOnly);

    /// <summary>Readings the twin already held (same attribute, instant and value).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Readings refused and dead-lettered.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Dead-letter events published (one per event with refused readings).</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Readings the twin accepted, whatever their effect.</summary>
    public long Accepted => Applied + HistoryOnly + Duplicates;

    /// <summary>
    /// The rules readings are held to, over this ingestor's view of the twin's attribute shapes: the gRPC gateway API
    /// checks with the same instance, so a shape learned here is known there.
    /// </summary>
    public ReadingRules Rules { get; } = new(new AttributeShapes(twin.Store, (options ?? new TelemetryIngestorOptions()).ShapeRefresh, clock ?? TimeProvider.System));

    private AttributeShapes Shapes => Rules.Shapes;

    /// <summary>
    /// Raised after a batch is applied and its ids remembered, with the events that were new. The list is reused for
    /// the next batch: read it during the call and copy what is to be kept.
    /// </summary>
    public event Action<IReadOnlyList<CloudEvent>>? BatchApplied;

    /// <summary>The batches this ingestor takes <c>telemetry.raw</c> in (<c>CityMesh:Telemetry:Ingest:MaxEvents</c>, <c>MaxWait</c>).</summary>
    public BatchOptions Batches => new() { MaxEvents = _options.MaxEvents, MaxWait = _options.MaxWait };

    /// <summary>
    /// Applies a batch. Per event and per reading this is the firehose's hot path, so the readings are decoded into one
    /// flat list of structs (<see cref="ReadingBatchDecoder"/>: no message object per event or reading), the batch is
    /// kept in parallel lists indexed by event, and each entity's shape is looked up once per reading. <c>telemetry.raw</c> in <see cref="Batches"/>, as <see cref="Subscriber"/> (declared in
    /// <c>TwinModule</c>).
    /// </summary>
    public async Task HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        Interlocked.Add(ref _events, events.Count);
        // Batches come one at a time from a subscription; one that overlaps another gets lists of its own.
        var scratch = (Interlocked.Exchange(ref _scratch, null) ?? new IngestScratch()).Cleared();
        try
        {
            await HandleAsync(events, scratch, ct);
        }
        finally
        {
            _scratch = scratch.Cleared(); // holds no event or reading between batches
        }
    }

    private IngestScratch? _scratch;

    private async Task HandleAsync(IReadOnlyList<CloudEvent> events, IngestScratch scratch, CancellationToken ct)
    {
        // The new events and where each one's readings lie in one flat list (Count -1 when refused whole).
        var (fresh, spans, readings, ids) = (scratch.Fresh, scratch.Spans, scratch.Readings, scratch.Ids);
        List<(int Event, RejectedReading Reading)>? refusals = null; // by event, in the order found
        void Refuse(int e, string entityId, string reason) => (refusals ??= []).Add((e, new RejectedReading(entityId, reason)));
        foreach (var cloudEvent in events)
        {
            // A repeat inside this batch or of an applied batch: its readings are already in the twin.
            var fingerprint = RecentEventIds.Fingerprint(cloudEvent.Id);
            if (_seen.Contains(fingerprint) || !ids.Add(fingerprint))
            {
                Interlocked.Increment(ref _redelivered);
                continue;
            }
            fresh.Add(cloudEvent);
            scratch.Fingerprints.Add(fingerprint);
            var start = readings.Count;
            if (Decode(cloudEvent, readings, out var error)) spans.Add((start, readings.Count - start));
            else
            {
                spans.Add((start, -1));
                Refuse(fresh.Count - 1, cloudEvent.Subject ?? "", error);
            }
        }

        // Each reading's entity, resolved once: the shapes are loaded for them, then the readings checked.
        var entityIds = scratch.EntityIds;
        for (var e = 0; e < fresh.Count; e++)
        {
            var (start, count) = spans[e];
            for (var i = start; i < start + count; i++) entityIds.Add(EntityOf(readings[i], fresh[e]));
        }
        await Shapes.LoadAsync(entityIds, ct);

        var (observations, owners, learn) = (scratch.Observations, scratch.Owners, scratch.Learn);
        for (var e = 0; e < fresh.Count; e++)
        {
            var (start, count) = spans[e];
            for (var i = start; i < start + count; i++)
            {
                var entityId = entityIds[i];
                var reading = readings[i];
                if (Rules.Check(entityId, reading, out var isNew) is { } refusal) Refuse(e, entityId, refusal.Reason);
                else if (reading.ValueCase == Reading.ValueOneofCase.Point)
                    scratch.Locations.Add(new LocationFix(e, entityId, reading.Latitude, reading.Longitude, reading.ObservedAt));
                else
                {
                    observations.Add(new Observation(entityId, reading.Attribute, ValueOf(reading), reading.ObservedAt,
                        reading.UnitCode.Length == 0 ? null : reading.UnitCode));
                    owners.Add(e);
                    learn.Add(isNew);
                }
            }
        }

        if (observations.Count > 0)
        {
            var result = await twin.ApplyAsync(observations, ct);
            long applied = 0, historyOnly = 0, duplicates = 0;
            for (var i = 0; i < observations.Count; i++)
            {
                var o = observations[i];
                switch (result.Outcomes[i])
                {
                    case ObservationOutcome.Applied: applied++; if (learn[i]) Learn(o); break;
                    case ObservationOutcome.HistoryOnly: historyOnly++; if (learn[i]) Learn(o); break;
                    case ObservationOutcome.Duplicate: duplicates++; break;
                    case ObservationOutcome.UnknownEntity:
                        Shapes.Forget(o.EntityId); // deleted since its shape was read
                        Refuse(owners[i], o.EntityId, $"{o.Attribute}: unknown entity");
                        break;
                    default:
                        Refuse(owners[i], o.EntityId, $"{o.Attribute}: not a property telemetry may set ({result.Outcomes[i]})");
                        break;
                }
            }
            Interlocked.Add(ref _applied, applied);
            Interlocked.Add(ref _historyOnly, historyOnly);
            Interlocked.Add(ref _duplicates, duplicates);
        }

        if (scratch.Locations.Count > 0)
        {
            var moved = await _locations.ApplyAsync(scratch.Locations, (e, id, reason) => { _locations.Forget(id); Shapes.Forget(id); Refuse(e, id, reason); }, ct);
            Interlocked.Add(ref _applied, moved.Applied);
            Interlocked.Add(ref _historyOnly, moved.Late);
            Interlocked.Add(ref _duplicates, moved.Duplicates);
        }

        if (refusals is not null)
        {
            // One dead letter per event with refused readings, listing them in the order they were found.
            foreach (var group in refusals.GroupBy(x => x.Event).OrderBy(g => g.Key))
                await DeadLetterAsync(fresh[group.Key], [.. group.Select(x => x.Reading)], ct);
        }
        // Only now is the batch in the twin: a failure before this line redelivers it, and re-applying is harmless.
        _seen.AddAll(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scratch.Fingerprints));
        BatchApplied?.Invoke(fresh);
    }

    /// <summary>Adds the event's readings to <paramref name="readings"/>, or says why it has none that can be read.</summary>
    private static bool Decode(CloudEvent cloudEvent, List<TelemetryReading> readings, out string error)
    {
        error = "";
        if (!TelemetryContent.IsTelemetry(cloudEvent))
        {
            error = $"undecodable: type '{cloudEvent.Type}' with content type '{cloudEvent.DataContentType}' is not a " +
                $"{TelemetryContent.EventType} event with {TelemetryContent.ContentType}";
            return false;
        }
        try
        {
            if (ReadingBatchDecoder.Decode(cloudEvent.BinaryData, cloudEvent.Subject, readings) > 0) return true;
            error = "undecodable: the ReadingBatch holds no readings";
            return false;
        }
        catch (FormatException e)
        {
            error = $"undecodable: data is not a ReadingBatch ({e.Message})";
            return false;
        }
    }

    /// <summary>A reading names its entity, or takes the event's subject (the sensor's entity id).</summary>
    private static string EntityOf(in TelemetryReading reading, CloudEvent cloudEvent) =>
        reading.EntityId.Length > 0 ? reading.EntityId : cloudEvent.Subject ?? "";

    private void Learn(in Observation o) => Shapes.Learn(o.EntityId, o.Attribute, new AttributeShape(false, o.Value.Kind, o.UnitCode));

    private static TwinValue ValueOf(in TelemetryReading r) => r.ValueCase switch
    {
        Reading.ValueOneofCase.Number => TwinValue.Of(r.Number),
        Reading.ValueOneofCase.Text => TwinValue.Of(r.Text),
        _ => TwinValue.Of(r.Flag),
    };

    private async Task DeadLetterAsync(CloudEvent cloudEvent, IReadOnlyList<RejectedReading> rejected, CancellationToken ct)
    {
        Interlocked.Add(ref _rejected, rejected.Count);
        Interlocked.Increment(ref _deadLettered);
        logger.LogWarning("Telemetry event {Id}: {Count} reading(s) rejected, first: {Entity} {Reason}",
            cloudEvent.Id, rejected.Count, rejected[0].EntityId, rejected[0].Reason);
        await bus.PublishAsync(Topics.DeadLetter(Topics.TelemetryRaw), cloudEvent with
        {
            // Derived, so a redelivered event's dead letter is recognisably the same one.
            Id = cloudEvent.Id + ":rejected",
            Type = RejectedEventType,
            DataContentType = "application/json",
            Data = JsonSerializer.SerializeToElement(new RejectedTelemetry(cloudEvent, rejected), JsonSerializerOptions.Web),
            BinaryData = ReadOnlyMemory<byte>.Empty,
        }, ct);
    }
}

public sealed record RejectedReading(string EntityId, string Reason);

/// <summary>The dead-letter record: the original event (protobuf data as base64) and why each refused reading was refused.</summary>
public sealed record RejectedTelemetry(CloudEvent Original, IReadOnlyList<RejectedReading> Readings);
