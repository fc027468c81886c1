using System.Text.Json;
using System.Threading.Channels;
using CityMesh.Contracts.Twin;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Client;

/// <summary>
/// Follows every entity of some types in one city through the twin read API: reads them all, then watches their
/// changes from the position of that read and re-reads what changed, gathered over <see cref="Gather"/> (a telemetry
/// round touches many entities at once; one query per <see cref="TwinQuery.MaxIds"/> reads them). After each read it
/// hands the whole current set to the caller. A watch that loses its place (the twin no longer holds changes from
/// there) or a twin that cannot be reached starts over after <see cref="RetryDelay"/>, saying why. What a domain
/// service's view of the twin is built on (health's hospitals and ambulances, safety's flood gauges).
/// </summary>
public sealed class TwinFollower(TwinReaderConnection twin, IReadOnlyList<string> types, string city, TimeProvider clock, ILogger logger)
{
    public TimeSpan Gather { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Follows until cancelled. <paramref name="publish"/> gets the current entities after every read; <paramref name="first"/> is true for a (re)start's full read.</summary>
    public async Task RunAsync(Action<IReadOnlyCollection<JsonElement>, bool> publish, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await FollowAsync(publish, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning("The view of the twin's {Types} starts over in {Delay}: {Reason}", string.Join(", ", types), RetryDelay, e.Message);
                await Task.Delay(RetryDelay, clock, ct);
            }
        }
    }

    private async Task FollowAsync(Action<IReadOnlyCollection<JsonElement>, bool> publish, CancellationToken ct)
    {
        var client = twin.Client;
        // A twin still seeding would give half a city: wait until it says it serves.
        if (!await client.IsServingAsync(ct))
        {
            logger.LogInformation("Waiting for the twin at {Twin} to serve the read API", twin.Address);
            await client.WaitUntilServingAsync(ct);
        }
        var entities = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        string? position = null;
        foreach (var type in types)
        {
            var read = await client.QueryAsync(TwinQuery.OfCity(type, city), ct);
            // The first read's position: changes after it may repeat what later reads saw, which a re-read absorbs.
            position ??= read.Position;
            foreach (var entity in read.Entities) entities[new NgsiEntity(entity).Id] = entity;
        }
        publish(entities.Values, true);

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
                    if (change.Change == TwinChangeKind.Deleted) { entities.Remove(change.Id); reread.Remove(change.Id); }
                    else reread.Add(change.Id);
                }
                foreach (var chunk in reread.Chunk(TwinQuery.MaxIds))
                {
                    var read = await client.QueryAsync(new TwinQuery { Ids = chunk }, ct);
                    foreach (var entity in read.Entities) entities[new NgsiEntity(entity).Id] = entity;
                }
                publish(entities.Values, false);
            }
            await watch; // the watch ended: its error starts the follower over
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
            var prefixes = types.Select(t => EntityIds.Create(t, city, "")).ToArray();
            await foreach (var change in client.WatchAsync(position, types, ct))
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
}
