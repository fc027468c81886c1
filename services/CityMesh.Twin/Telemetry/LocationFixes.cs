using System.Collections.Concurrent;
using CityMesh.Contracts.Geo;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Telemetry;

/// <summary>A point reading that passed the rules: where an entity was at a moment, for its <c>location</c>.</summary>
/// <param name="Event">The index of its event in the batch, for a refusal.</param>
internal readonly record struct LocationFix(int Event, string EntityId, double Latitude, double Longitude, DateTimeOffset ObservedAt);

/// <summary>What became of a batch's location fixes, counted as the ingestor counts readings.</summary>
internal readonly record struct LocationOutcome(long Applied, long Late, long Duplicates);

/// <summary>
/// Applies point readings as entities' locations. A location is the entity's GeoProperty, not a property with a
/// history, so the observation store cannot take it: each entity's newest fix in a batch is written as a location
/// update (one store call per moving entity: a fleet, not the firehose), and announced on <c>twin.changed</c> like any
/// update. The ordering rule of readings holds: a fix older than the newest applied to that entity is dropped (the
/// twin keeps no location history, so "history only" means not applied), one of the same instant is a duplicate.
/// The newest instant per entity is remembered in this process only; after a restart the first fix is taken.
/// </summary>
internal sealed class LocationFixes(TwinService twin)
{
    private readonly ConcurrentDictionary<string, long> _newest = new(StringComparer.Ordinal);

    /// <param name="refuse">Called for a fix whose entity the twin no longer holds.</param>
    public async Task<LocationOutcome> ApplyAsync(List<LocationFix> fixes, Action<int, string, string> refuse, CancellationToken ct)
    {
        if (fixes.Count == 0) return default;
        long applied = 0, late = 0, duplicates = 0;
        // The newest fix of each entity in the batch; the others are late by construction.
        var newest = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < fixes.Count; i++)
        {
            if (newest.TryGetValue(fixes[i].EntityId, out var held) && fixes[held].ObservedAt >= fixes[i].ObservedAt) { late++; continue; }
            if (newest.ContainsKey(fixes[i].EntityId)) late++;
            newest[fixes[i].EntityId] = i;
        }
        foreach (var index in newest.Values)
        {
            var fix = fixes[index];
            var ticks = fix.ObservedAt.UtcTicks;
            if (_newest.TryGetValue(fix.EntityId, out var known) && ticks <= known)
            {
                if (ticks == known) duplicates++; else late++;
                continue;
            }
            var patch = new AttributePatch { Location = new Point(new Position(fix.Longitude, fix.Latitude)) };
            var result = await twin.UpdateAttributesAsync(fix.EntityId, patch, ct);
            if (!result.EntityFound)
            {
                refuse(fix.Event, fix.EntityId, $"{ReadingRules.LocationAttribute}: unknown entity");
                continue;
            }
            _newest.AddOrUpdate(fix.EntityId, ticks, (_, before) => Math.Max(before, ticks));
            applied++;
        }
        return new LocationOutcome(applied, late, duplicates);
    }

    /// <summary>Forgets an entity the twin no longer holds.</summary>
    public void Forget(string entityId) => _newest.TryRemove(entityId, out _);
}
