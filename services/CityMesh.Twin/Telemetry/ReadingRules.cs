using CityMesh.Messaging.Telemetry;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Telemetry;

/// <summary>Why a reading was refused: the field at fault (<c>entity_id</c>, <c>attribute</c>, <c>value</c>, ...) and the reason.</summary>
public readonly record struct ReadingRefusal(string Field, string Reason);

/// <summary>
/// The one copy of what makes a telemetry reading acceptable to the twin, used by the bus ingestor
/// (<see cref="TelemetryIngestor"/>) and by the gRPC gateway API before it publishes, so both refuse the same
/// readings for the same reasons. Readings are checked against the twin's <see cref="AttributeShapes"/>: call
/// <see cref="LoadAsync"/> with a batch's entities before checking its readings.
/// </summary>
public sealed class ReadingRules(AttributeShapes shapes)
{
    public AttributeShapes Shapes { get; } = shapes;

    /// <summary>Reads the shapes of the entities the readings name, so <see cref="Check"/> needs no store call.</summary>
    public Task LoadAsync(IEnumerable<string> entityIds, CancellationToken ct) => Shapes.LoadAsync(entityIds, ct);

    /// <summary>Null when the reading may be applied to <paramref name="entityId"/>; otherwise why not, naming the field.</summary>
    public ReadingRefusal? Check(string entityId, Reading r) => Check(entityId, TelemetryReading.Of(r), out _);

    /// <param name="isNew">True when the reading would create the attribute (its shape is to be learned once applied).</param>
    internal ReadingRefusal? Check(string entityId, in TelemetryReading r, out bool isNew)
    {
        isNew = false;
        // One lookup of the entity for all the checks: this runs for every reading on the firehose.
        var entity = Shapes.Find(entityId);
        // Known entities have valid ids: parse the id as a URI only for those the twin does not hold.
        if (entity is null && !EntityIdSyntax.IsValid(entityId)) return new("entity_id", "entity_id is not an absolute URI");
        if (r.Attribute.Length == 0) return new("attribute", "attribute is missing");
        if (r.ValueCase == Reading.ValueOneofCase.Point) return CheckPoint(entity, r);
        if (Entity.ReservedNames.Contains(r.Attribute))
            return new("attribute", r.Attribute == LocationAttribute
                ? $"{r.Attribute}: a location is read as a point, not a {r.ValueCase.ToString().ToLowerInvariant()}"
                : $"{r.Attribute}: a reserved attribute name, not a property");
        if (r.ValueCase == Reading.ValueOneofCase.None) return new("value", $"{r.Attribute}: no value (one of number, text, flag, point must be set)");
        if (r.ValueCase == Reading.ValueOneofCase.Number && !double.IsFinite(r.Number)) return new("number", $"{r.Attribute}: number must be finite");
        if (!r.HasObservedAt) return new("observed_at", $"{r.Attribute}: observed_at is missing");
        if (!r.ObservedAtInRange)
            return new("observed_at", $"{r.Attribute}: observed_at ({r.ObservedSeconds} s, {r.ObservedNanos} ns) is not a timestamp from year 1 to 9999");
        if (entity is null) return new("entity_id", $"{r.Attribute}: unknown entity");
        if (Governed(entity, r) is { } governed) return governed;
        if (!entity.TryGet(r.Attribute, out var shape))
        {
            isNew = true;
            return null; // a new property: telemetry may create it
        }
        if (shape.IsRelationship) return new("attribute", $"{r.Attribute}: a relationship, not a property");
        var kind = KindOf(r);
        if (kind != shape.Kind) return new("value", $"{r.Attribute}: a {kind} reading for a {shape.Kind} attribute");
        var unit = r.UnitCode.Length == 0 ? null : r.UnitCode;
        if (!string.Equals(unit, shape.UnitCode, StringComparison.Ordinal))
            return new("unit_code", $"{r.Attribute}: unit_code '{unit}' differs from the attribute's unit '{shape.UnitCode}'");
        return null;
    }

    /// <summary>
    /// A point is where the entity is: it is applied as the entity's <c>location</c> (its GeoProperty), so it is read
    /// only on that attribute, in WGS84 degrees, without a unit, for an entity the twin holds.
    /// </summary>
    private static ReadingRefusal? CheckPoint(AttributeShapes.EntityShape? entity, in TelemetryReading r)
    {
        if (r.Attribute != LocationAttribute) return new("point", $"{r.Attribute}: a point is read only as {LocationAttribute}");
        if (!r.PointInRange)
            return new("point", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{r.Attribute}: latitude {r.Latitude} and longitude {r.Longitude} are not a WGS84 position (finite, latitude -90 to 90, longitude -180 to 180)"));
        if (r.UnitCode.Length > 0) return new("unit_code", $"{r.Attribute}: a point is in WGS84 degrees and takes no unit_code ('{r.UnitCode}')");
        if (!r.HasObservedAt) return new("observed_at", $"{r.Attribute}: observed_at is missing");
        if (!r.ObservedAtInRange)
            return new("observed_at", $"{r.Attribute}: observed_at ({r.ObservedSeconds} s, {r.ObservedNanos} ns) is not a timestamp from year 1 to 9999");
        return entity is null ? new("entity_id", $"{r.Attribute}: unknown entity") : null;
    }

    /// <summary>
    /// Telemetry is what an object reports about itself; what governance decides (a signal plan, where an ambulance is
    /// sent) it cannot set, as no direct write through the API can (<see cref="Ngsi.Access.TwinWriteRules"/>).
    /// </summary>
    private static ReadingRefusal? Governed(AttributeShapes.EntityShape entity, in TelemetryReading r)
    {
        if (Ngsi.Access.TwinWriteRules.IsGoverned(entity.Type, r.Attribute))
            return new("attribute", $"{r.Attribute}: governed on a {entity.Type}; it changes only through an approved governance action");
        if (r.ValueCase == Reading.ValueOneofCase.Text && Ngsi.Access.TwinWriteRules.IsGovernedValue(entity.Type, r.Attribute, r.Text))
            return new("text", $"{r.Attribute}: '{r.Text}' on a {entity.Type} is set only by an approved governance action");
        return null;
    }

    /// <summary>The GeoProperty a point reading sets.</summary>
    public const string LocationAttribute = "location";

    public static TwinValueKind KindOf(in TelemetryReading r) => r.ValueCase switch
    {
        Reading.ValueOneofCase.Number => TwinValueKind.Number,
        Reading.ValueOneofCase.Text => TwinValueKind.Text,
        _ => TwinValueKind.Boolean,
    };
}
