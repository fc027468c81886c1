using System.Diagnostics.Metrics;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Telemetry;
using CityMesh.Limits.Hosting;
using CityMesh.Limits.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Instrumentation;

/// <summary>
/// The twin's live numbers as metrics: readings ingested by outcome (applied, late, duplicate, rejected), events
/// redelivered, and entities by type. Entity counts are read from the store every
/// <see cref="MetricsOptions.StoreReadInterval"/> in the background and served from there: a scrape never waits on the
/// database.
/// </summary>
public sealed class TwinMetrics : BackgroundService
{
    private readonly PeriodicReading<IReadOnlyDictionary<string, long>> _byType;

    public TwinMetrics(IMeterFactory meters, ITwinStore store, TelemetryIngestor ingestor, MetricsOptions options, ILogger<TwinMetrics> log,
        TimeProvider clock)
    {
        _byType = new("the twin's entities by type", store.CountByTypeAsync, new Dictionary<string, long>(), options.StoreReadInterval, clock, log);
        var meter = meters.Create(TwinTelemetry.SourceName);
        meter.CreateObservableCounter("citymesh.ingest.readings", () => new[]
        {
            Outcome(ingestor.Applied, "applied"),
            Outcome(ingestor.HistoryOnly, "late"),
            Outcome(ingestor.Duplicates, "duplicate"),
            Outcome(ingestor.Rejected, "rejected"),
        }, "{reading}", "Telemetry readings taken in, by what became of them: applied (the current value), late (history only), duplicate, rejected (dead-lettered)");
        meter.CreateObservableCounter("citymesh.ingest.events", () => ingestor.Events, "{event}", "telemetry.raw events taken, redeliveries included");
        meter.CreateObservableCounter("citymesh.ingest.redelivered", () => ingestor.Redelivered, "{event}", "Events dropped as already applied (the dedupe window)");
        meter.CreateObservableGauge("citymesh.twin.entities", () => _byType.Latest.Select(p => new Measurement<long>(p.Value,
            new KeyValuePair<string, object?>("citymesh.entity.type", p.Key))), "{entity}", "Entities in the twin, by NGSI-LD type");
    }

    private static Measurement<long> Outcome(long count, string outcome) => new(count, new KeyValuePair<string, object?>("citymesh.outcome", outcome));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _byType.RunAsync(stoppingToken);
}
