using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using CityMesh.Twin.Telemetry;
using Microsoft.Extensions.Hosting;

namespace CityMesh.Twin.Dashboard;

/// <summary>
/// The city's clock as the twin sees it in the telemetry it applies: the newest reading's observedAt against the
/// time its event was sent, and the rate the one runs at against the other. Simulated sensors play an accelerated day
/// (observedAt racing ahead of the clock); real ones read ×1. The dashboard shows it without knowing who the sensors
/// are. Only the newest event of an applied batch is decoded again, so ingestion pays next to nothing for it.
/// </summary>
public sealed class TelemetryClock(TelemetryIngestor ingestor, TimeProvider clock) : IHostedService
{
    /// <summary>The rate is measured over at least this much sending time, so one late event cannot skew it.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(2);

    /// <summary>Without telemetry for this long the city has no clock of its own: the dashboard shows the wall time.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromMinutes(1);

    /// <summary>Rates this close to 1 are real time with the sensors' and the network's jitter in them.</summary>
    private const double RealTimeTolerance = 0.05;

    private readonly Lock _gate = new();
    private (DateTimeOffset SentAt, DateTimeOffset ObservedAt)? _anchor, _latest;
    private double _rate = 1;

    /// <summary>City time now: the newest reading's observedAt, run on at the measured rate; null without recent telemetry.</summary>
    public DateTimeOffset? CityTime
    {
        get
        {
            var now = clock.GetUtcNow();
            lock (_gate)
            {
                if (_latest is not { } latest || now - latest.SentAt > Silence) return null;
                return latest.ObservedAt + (now - latest.SentAt) * _rate;
            }
        }
    }

    /// <summary>City seconds per wall-clock second, as the readings show it; 1 for real time or before it can be told.</summary>
    public double TimeAcceleration
    {
        get
        {
            lock (_gate) return _rate;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ingestor.BatchApplied += Observe;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        ingestor.BatchApplied -= Observe;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes the newest readable event of an applied batch: its sending time and its newest reading's observedAt.
    /// Readings without an observedAt the twin could hold (the ingestor refused them) tell nothing and are passed by.
    /// </summary>
    public void Observe(IReadOnlyList<CloudEvent> events)
    {
        var readings = new List<TelemetryReading>();
        foreach (var e in NewestFirst(events))
        {
            readings.Clear();
            try
            {
                ReadingBatchDecoder.Decode(e.BinaryData, e.Subject, readings);
            }
            catch (FormatException)
            {
                continue; // the ingestor dead-lettered it; it tells nothing about the clock
            }
            DateTimeOffset? newest = null;
            foreach (var r in readings)
                if (r.HasObservedAt && r.ObservedAtInRange && (newest is not { } n || r.ObservedAt > n)) newest = r.ObservedAt;
            if (newest is not { } observedAt) continue;
            Record(e.Time, observedAt);
            return;
        }
    }

    /// <summary>The newest telemetry event found in one pass, then, only if it told nothing, the rest newest first.</summary>
    private static IEnumerable<CloudEvent> NewestFirst(IReadOnlyList<CloudEvent> events)
    {
        CloudEvent? newest = null;
        foreach (var e in events)
            if (TelemetryContent.IsTelemetry(e) && (newest is null || e.Time > newest.Time)) newest = e;
        if (newest is null) yield break;
        yield return newest;
        foreach (var e in events.Where(e => TelemetryContent.IsTelemetry(e) && !ReferenceEquals(e, newest)).OrderByDescending(e => e.Time))
            yield return e;
    }

    /// <summary>One sample: telemetry sent at <paramref name="sentAt"/> observed the city at <paramref name="observedAt"/>.</summary>
    public void Record(DateTimeOffset sentAt, DateTimeOffset observedAt)
    {
        lock (_gate)
        {
            if (_latest is { } latest && sentAt <= latest.SentAt) return; // a late event: the clock only moves on
            _latest = (sentAt, observedAt);
            if (_anchor is not { } anchor || sentAt - anchor.SentAt > Silence)
            {
                _anchor = _latest;
                return;
            }
            if (sentAt - anchor.SentAt < RateWindow) return;
            var rate = (observedAt - anchor.ObservedAt) / (sentAt - anchor.SentAt);
            _rate = rate > 0 && Math.Abs(rate - 1) > RealTimeTolerance ? Math.Round(rate, 2) : 1;
            _anchor = _latest;
        }
    }
}
