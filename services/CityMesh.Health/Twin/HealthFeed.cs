using System.Text.Json;
using System.Threading.Channels;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Health.Twin;

/// <summary>
/// Keeps <see cref="HealthView"/> current from the twin read API: reads every entity of <see cref="HealthSnapshot.Types"/>
/// in the city, then watches their changes from the position of that read and re-reads what changed, gathered over
/// <see cref="Gather"/> (a telemetry round touches every hospital and ward at once; one query reads them all). A
/// watch that loses its place (the twin no longer holds changes from there) or a twin that cannot be reached starts
/// over after <see cref="RetryDelay"/>, saying why. It starts once this server listens (the embedded twin's port is known only then).
/// </summary>
public sealed class HealthFeed(TwinReaderConnection twin, HealthView view, string city, TimeProvider clock, ILogger<HealthFeed> logger,
    IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    /// <summary>The name the feed's calls carry (its service identity) and its reader connection's key.</summary>
    public const string Service = "health";

    public TimeSpan Gather { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, JsonElement> _entities = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The embedded twin answers on this server's own address: wait until it listens.
        if (lifetime is not null) await lifetime.WhenStartedAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FollowAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Health's view of the twin starts over in {Delay}: {Reason}", RetryDelay, e.Message);
                await Task.Delay(RetryDelay, clock, stoppingToken);
            }
        }
    }

    private async Task FollowAsync(CancellationToken ct)
    {
        var client = twin.Client;
        // A twin still seeding would give half a city: wait until it says it serves.
        if (!await client.IsServingAsync(ct))
        {
            logger.LogInformation("Waiting for the twin at {Twin} to serve the read API", twin.Address);
            await client.WaitUntilServingAsync(ct);
        }
        _entities.Clear();
        string? position = null;
        foreach (var type in HealthSnapshot.Types)
        {
            var read = await client.QueryAsync(TwinQuery.OfCity(type, city), ct);
            // The first read's position: changes after it may repeat what later reads saw, which a re-read absorbs.
            position ??= read.Position;
            foreach (var entity in read.Entities) _entities[new NgsiEntity(entity).Id] = entity;
        }
        Publish();
        logger.LogInformation("Health sees {Hospitals} hospitals, {Ambulances} ambulances and {Calls} open calls in {City}",
            view.Current.Hospitals.Count, view.Current.Ambulances.Count, view.Current.Calls.Count, city);

        var changed = Channel.CreateUnbounded<TwinChange>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watch = WatchAsync(client, position, changed.Writer, stop.Token);
        try
        {
            while (await changed.Reader.WaitToReadAsync(ct))
            {
                await Task.Delay(Gather, clock, ct);
                var reread = new HashSet<string>(StringComparer.Ordinal);
                while (changed.Reader.TryRead(out var change))
                {
                    if (change.Change == TwinChangeKind.Deleted) { _entities.Remove(change.Id); reread.Remove(change.Id); }
                    else reread.Add(change.Id);
                }
                // A telemetry round changes every ward at once (148 in Jinan): more ids than one query may name.
                foreach (var chunk in reread.Chunk(TwinQuery.MaxIds))
                {
                    var read = await client.QueryAsync(new TwinQuery { Ids = chunk }, ct);
                    foreach (var entity in read.Entities) _entities[new NgsiEntity(entity).Id] = entity;
                }
                Publish();
            }
            await watch; // the watch ended: its error starts the feed over
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    private async Task WatchAsync(TwinReaderClient client, string? position, ChannelWriter<TwinChange> changes, CancellationToken ct)
    {
        try
        {
            var prefixes = HealthSnapshot.Types.Select(t => EntityIds.Create(t, city, "")).ToArray();
            await foreach (var change in client.WatchAsync(position, HealthSnapshot.Types, ct))
            {
                if (prefixes.Any(p => change.Change.Id.StartsWith(p, StringComparison.Ordinal))) changes.TryWrite(change.Change);
            }
            changes.TryComplete();
        }
        catch (Exception e)
        {
            changes.TryComplete(e);
        }
    }

    private void Publish() => view.Publish(HealthSnapshot.From(_entities.Values, clock.GetUtcNow()));
}
