using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Limits.Settings;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Seeding;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Dashboard;

/// <summary>
/// The dashboard's picture of the city: every entity with its geometry, current values and links, in one compact
/// JSON document (<c>/dashboard/city.json</c>, and the first event of <c>/dashboard/events</c>). Natural persons are
/// never included (ARCHITECTURE.md: they are not exposed individually).
/// </summary>
public sealed class CitySnapshot(ITwinStore store, CityOptions? city = null, TelemetryClock? telemetry = null, TimeProvider? clock = null)
{
    /// <summary>A browser draws a few tens of thousands of shapes smoothly; beyond that the snapshot is cut.</summary>
    public const int MaxEntities = 20_000;

    /// <summary>Coordinates keep 7 decimals: about a centimetre, and a third shorter than full doubles.</summary>
    private const int CoordinateDecimals = 7;

    public async Task WriteAsync(Stream output, CancellationToken ct)
    {
        var entities = new List<Entity>();
        var total = 0;
        var fetched = 0;
        for (var offset = 0; entities.Count < MaxEntities; offset += EntityQuery.MaxLimit)
        {
            var page = await store.QueryAsync(new EntityQuery { Limit = EntityQuery.MaxLimit, Offset = offset }, ct);
            total = page.TotalCount;
            fetched += page.Items.Count;
            entities.AddRange(page.Items.Where(e => e.Category != EntityCategory.NaturalPerson));
            if (page.Items.Count < EntityQuery.MaxLimit) break;
        }
        var truncated = fetched < total || entities.Count > MaxEntities;
        if (entities.Count > MaxEntities) entities.RemoveRange(MaxEntities, entities.Count - MaxEntities);

        await using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteStartObject("city");
        w.WriteString("name", city?.Name ?? "CityMesh");
        w.WriteNumber("utcOffsetMinutes", (city?.UtcOffset ?? TimeSpan.Zero).TotalMinutes);
        var bounds = entities.Where(e => e.Location is not null).Aggregate(BoundingBox.Empty, (box, e) =>
        {
            var b = e.Location!.Bounds;
            return box.Include(new Position(b.MinLongitude, b.MinLatitude)).Include(new Position(b.MaxLongitude, b.MaxLatitude));
        });
        if (!bounds.IsEmpty)
        {
            w.WriteStartArray("bounds");
            foreach (var v in (double[])[bounds.MinLongitude, bounds.MinLatitude, bounds.MaxLongitude, bounds.MaxLatitude]) w.WriteNumberValue(Math.Round(v, CoordinateDecimals));
            w.WriteEndArray();
        }
        w.WriteEndObject();
        WriteClock(w);
        w.WriteStartObject("counts");
        foreach (var group in entities.GroupBy(e => e.Type).OrderBy(g => g.Key, StringComparer.Ordinal)) w.WriteNumber(group.Key, group.Count());
        w.WriteEndObject();
        w.WriteNumber("total", total);
        w.WriteBoolean("truncated", truncated);
        w.WriteStartArray("entities");
        foreach (var entity in entities) WriteEntity(w, entity);
        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(ct);
    }

    /// <summary>Wall time, and the city time its telemetry tells while readings arrive (an accelerated day when simulated).</summary>
    public void WriteClock(Utf8JsonWriter w)
    {
        w.WriteString("time", (clock ?? TimeProvider.System).GetUtcNow());
        if (telemetry?.CityTime is { } cityTime)
        {
            w.WriteString("cityTime", cityTime);
            w.WriteNumber("timeAcceleration", telemetry.TimeAcceleration);
        }
    }

    private static void WriteEntity(Utf8JsonWriter w, Entity e)
    {
        w.WriteStartObject();
        w.WriteString("id", e.Id);
        w.WriteString("type", e.Type);
        if (e.Location is { } location)
        {
            w.WritePropertyName("geometry");
            GeoJson.Write(w, location, CoordinateDecimals);
        }
        w.WriteStartObject("properties");
        foreach (var (name, property) in e.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject(name);
            w.WritePropertyName("value");
            property.Value.WriteTo(w);
            if (property.UnitCode is { } unit) w.WriteString("unitCode", unit);
            if (property.ObservedAt is { } at) w.WriteString("observedAt", at);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        if (e.Relationships.Count > 0)
        {
            w.WriteStartObject("relationships");
            foreach (var (name, relationship) in e.Relationships.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                // One target as a string; several (an incident's affected entities) as an array of them.
                if (relationship.Objects is not { Count: > 1 } targets) { w.WriteString(name, relationship.Object); continue; }
                w.WriteStartArray(name);
                foreach (var target in targets) w.WriteStringValue(target);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
