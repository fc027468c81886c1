using CityMesh.Twin.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Safety.Gauges;

/// <summary>
/// Keeps <see cref="SafetyView"/> current from the twin read API (<see cref="TwinFollower"/> over the city's flood
/// gauges and shelters), recording each new gauge reading in <see cref="GaugeHistory"/> for its trend.
/// </summary>
public sealed class SafetyFeed(TwinReaderConnection twin, SafetyView view, GaugeHistory history, string city, TimeProvider clock, ILogger<SafetyFeed> logger,
    IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    /// <summary>The name the feed's calls carry (its service identity) and its reader connection's key.</summary>
    public const string Service = CityMesh.Access.ServiceIdentity.Safety;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (lifetime is not null) await lifetime.WhenStartedAsync(stoppingToken);
        var follower = new TwinFollower(twin, SafetySnapshot.Types, city, clock, logger);
        await follower.RunAsync((entities, first) =>
        {
            var snapshot = SafetySnapshot.From(entities);
            foreach (var gauge in snapshot.Gauges.Values)
                if (gauge is { Level: { } level, ObservedAt: { } at }) history.Add(gauge.Id, at, level);
            view.Publish(snapshot);
            if (first)
                logger.LogInformation("Safety sees {Gauges} flood gauges and {Shelters} shelters in {City}", snapshot.Gauges.Count, snapshot.Shelters.Count, city);
        }, stoppingToken);
    }
}
