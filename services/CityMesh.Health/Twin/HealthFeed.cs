using CityMesh.Twin.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Health.Twin;

/// <summary>
/// Keeps <see cref="HealthView"/> current from the twin read API: follows every entity of <see cref="HealthSnapshot.Types"/>
/// in the city (<see cref="TwinFollower"/>) and publishes a new snapshot after each read. It starts once this server
/// listens (the embedded twin's port is known only then).
/// </summary>
public sealed class HealthFeed(TwinReaderConnection twin, HealthView view, string city, TimeProvider clock, ILogger<HealthFeed> logger,
    IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    /// <summary>The name the feed's calls carry (its service identity) and its reader connection's key.</summary>
    public const string Service = "health";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (lifetime is not null) await lifetime.WhenStartedAsync(stoppingToken);
        var follower = new TwinFollower(twin, HealthSnapshot.Types, city, clock, logger);
        await follower.RunAsync((entities, first) =>
        {
            view.Publish(HealthSnapshot.From(entities, clock.GetUtcNow()));
            if (first)
                logger.LogInformation("Health sees {Hospitals} hospitals, {Ambulances} ambulances and {Calls} open calls in {City}",
                    view.Current.Hospitals.Count, view.Current.Ambulances.Count, view.Current.Calls.Count, city);
        }, stoppingToken);
    }
}
