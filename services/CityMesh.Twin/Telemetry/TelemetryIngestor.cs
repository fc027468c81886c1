using System.Text.Json;
using CityMesh.Messaging;
using CityMesh.Twin.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Telemetry;

/// <summary>
/// <c>telemetry.raw</c> → validate → apply to the twin in batches → <c>twin.changed</c>. Readings that cannot be
/// applied (unknown entity, bad value, reserved attribute) go to <c>telemetry.raw.dlq</c> with the reason; the rest
/// of the batch still lands.
/// </summary>
public sealed class TelemetryIngestor(IEventBus bus, TwinService twin, ILogger<TelemetryIngestor> logger) : IHostedService
{
    public const string Subscriber = "twin-telemetry";

    private IAsyncDisposable? _subscription;
    private long _applied;
    private long _rejected;

    public long Applied => Interlocked.Read(ref _applied);
    public long Rejected => Interlocked.Read(ref _rejected);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.Subscribe(Topics.TelemetryRaw, Subscriber, HandleAsync);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not null) await _subscription.DisposeAsync();
    }

    internal async Task HandleAsync(CloudEvent cloudEvent, CancellationToken ct)
    {
        TelemetryBatch batch;
        try
        {
            batch = cloudEvent.GetData<TelemetryBatch>();
        }
        catch (JsonException e)
        {
            await RejectAsync(cloudEvent, [new("(payload)", $"undecodable telemetry: {e.Message}")], ct);
            return;
        }

        var observations = new List<Observation>(batch.Readings.Count);
        var rejected = new List<RejectedReading>();
        foreach (var reading in batch.Readings)
        {
            if (ToObservation(reading, out var observation, out var reason)) observations.Add(observation);
            else rejected.Add(new(reading.EntityId, reason));
        }

        var result = await twin.ApplyAsync(observations, ct);
        for (var i = 0; i < observations.Count; i++)
        {
            var outcome = result.Outcomes[i];
            if (outcome is ObservationOutcome.UnknownEntity or ObservationOutcome.InvalidAttribute)
                rejected.Add(new(observations[i].EntityId, $"{observations[i].Attribute}: {outcome}"));
        }
        Interlocked.Add(ref _applied, observations.Count - rejected.Count);
        if (rejected.Count > 0) await RejectAsync(cloudEvent, rejected, ct);
    }

    private static bool ToObservation(TelemetryReading r, out Observation observation, out string reason)
    {
        observation = default;
        var set = (r.Number.HasValue ? 1 : 0) + (r.Text is null ? 0 : 1) + (r.Flag.HasValue ? 1 : 0);
        if (!EntityIds.IsValid(r.EntityId)) reason = "entityId is not an absolute URI";
        else if (string.IsNullOrEmpty(r.Attribute)) reason = "attribute is missing";
        else if (set != 1) reason = $"{r.Attribute}: exactly one of number, text and flag must be set";
        else if (r.Number is { } n && !double.IsFinite(n)) reason = $"{r.Attribute}: number must be finite";
        else if (r.ObservedAt == default) reason = $"{r.Attribute}: observedAt is missing";
        else
        {
            var value = r.Number is { } number ? TwinValue.Of(number) : r.Text is { } text ? TwinValue.Of(text) : TwinValue.Of(r.Flag!.Value);
            observation = new Observation(r.EntityId, r.Attribute, value, r.ObservedAt, r.UnitCode);
            reason = "";
            return true;
        }
        return false;
    }

    private async Task RejectAsync(CloudEvent cloudEvent, IReadOnlyList<RejectedReading> rejected, CancellationToken ct)
    {
        Interlocked.Add(ref _rejected, rejected.Count);
        logger.LogWarning("Telemetry event {Id}: {Count} reading(s) rejected, first: {Entity} {Reason}",
            cloudEvent.Id, rejected.Count, rejected[0].EntityId, rejected[0].Reason);
        await bus.PublishAsync(Topics.DeadLetter(Topics.TelemetryRaw), cloudEvent with
        {
            Id = cloudEvent.Id + ":rejected",
            Type = "io.citymesh.telemetry.rejected",
            Data = JsonSerializer.SerializeToElement(new RejectedTelemetry(cloudEvent, rejected), JsonSerializerOptions.Web),
        }, ct);
    }
}

public sealed record RejectedReading(string EntityId, string Reason);

/// <summary>The dead-letter record: the original event and why each rejected reading was refused.</summary>
public sealed record RejectedTelemetry(CloudEvent Original, IReadOnlyList<RejectedReading> Readings);
