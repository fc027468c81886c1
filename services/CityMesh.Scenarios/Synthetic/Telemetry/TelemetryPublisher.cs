using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using CityMesh.Simulation.Synthetic;
using CityMesh.Simulation.Synthetic.Telemetry;
using Google.Protobuf.WellKnownTypes;

namespace CityMesh.Scenarios.Synthetic.Telemetry;

/// <summary>
/// Plays a generated series as live telemetry: sample time by sample time, each sensor's present readings as one
/// protobuf <see cref="ReadingBatch"/> CloudEvent on <c>telemetry.raw</c> keyed (subject) by its entity id, the form
/// the twin's ingestor and the domain detectors consume from real sensors. Missing samples (dropouts) are not
/// published; a sensor with none at a sample time sends no event. Readings carry the sample time as observedAt.
/// <see cref="TimeAcceleration"/> paces sample times against the clock (60: a series hour per wall minute);
/// 0 publishes as fast as the bus takes them. Event ids follow from the seed, sensor and sample time, so a replay is
/// recognised by at-least-once consumers.
/// </summary>
public sealed class TelemetryPublisher(IEventBus bus, TimeProvider? clock = null)
{
    public const string Source = "/citymesh/synthetic/telemetry";

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Series time per wall time; 0 (the default) does not wait.</summary>
    public double TimeAcceleration { get; init; }

    public async Task<TelemetryPublishResult> PublishAsync(TelemetrySeries series, IProgress<SynthesisProgress>? progress = null, CancellationToken ct = default)
    {
        if (!double.IsFinite(TimeAcceleration) || TimeAcceleration < 0)
            throw new ArgumentOutOfRangeException(nameof(TimeAcceleration), TimeAcceleration, "time acceleration must be 0 (as fast as possible) or positive");
        var wallStart = _clock.GetUtcNow();
        var events = new List<CloudEvent>(series.Sites.Count);
        long published = 0, readings = 0;
        for (var t = 0; t < series.Steps; t++)
        {
            var sampleTime = series.TimeAt(t);
            if (TimeAcceleration > 0)
            {
                var due = wallStart + (sampleTime - series.Start) / TimeAcceleration;
                var wait = due - _clock.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _clock, ct);
            }
            ct.ThrowIfCancellationRequested();
            var observedAt = Timestamp.FromDateTimeOffset(sampleTime);
            events.Clear();
            for (var s = 0; s < series.Sites.Count; s++)
            {
                var site = series.Sites[s];
                ReadingBatch? batch = null;
                foreach (var (channel, row) in series.ChannelsOf(s))
                {
                    var value = channel.Values[row * series.Steps + t];
                    if (float.IsNaN(value)) continue;
                    (batch ??= new ReadingBatch()).Readings.Add(new Reading
                    {
                        EntityId = site.Id,
                        Attribute = channel.Quantity.Name,
                        Number = Math.Round(value, 3),
                        UnitCode = channel.Quantity.UnitCode,
                        ObservedAt = observedAt,
                    });
                }
                if (batch is null) continue;
                readings += batch.Readings.Count;
                events.Add(TelemetryContent.Create(Source, site.Id, batch) with
                {
                    Id = $"synth-{series.Seed}-{site.Id}-{sampleTime.UtcTicks}",
                    Time = _clock.GetUtcNow(),
                });
            }
            if (events.Count > 0) await bus.PublishBatchAsync(Topics.TelemetryRaw, events, ct);
            published += events.Count;
            if (t % 64 == 0 || t == series.Steps - 1)
                progress?.Report(new((t + 1) / (double)series.Steps, $"published {sampleTime:yyyy-MM-dd HH:mm}"));
        }
        return new TelemetryPublishResult(published, readings, series.Steps);
    }
}
