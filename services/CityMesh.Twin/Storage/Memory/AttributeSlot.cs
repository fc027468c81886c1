using CityMesh.Twin.Model;

namespace CityMesh.Twin.Storage.Memory;

/// <summary>
/// One attribute instance of a stored entity: the default one of its name, or one with a datasetId. A relationship
/// keeps its (first) target id as a text value. <see cref="ObservedTicks"/> is 0 for static properties, which have
/// no history. What telemetry never touches (kind, sub-attributes, several objects) lives in <see cref="Shape"/>.
/// </summary>
internal sealed class AttributeSlot(string name, bool isRelationship, string? datasetId = null)
{
    public string Name { get; } = name;
    public bool IsRelationship { get; } = isRelationship;
    public string? DatasetId { get; } = datasetId;
    public TwinValue Value;
    public string? UnitCode;
    public long ObservedTicks;
    public PropertyHistory? History;
    public SlotShape Shape = SlotShape.Plain;

    public Property ToProperty() =>
        new(Value, UnitCode, ObservedTicks == 0 ? null : new DateTimeOffset(ObservedTicks, TimeSpan.Zero))
        {
            Kind = Shape.Kind,
            DatasetId = DatasetId,
            Sub = Shape.Sub,
        };

    public Relationship ToRelationship() =>
        new(Value.Text!, ObservedTicks == 0 ? null : new DateTimeOffset(ObservedTicks, TimeSpan.Zero))
        {
            Objects = Shape.Objects,
            DatasetId = DatasetId,
            Sub = Shape.Sub,
        };

    /// <summary>Every target of a relationship.</summary>
    public IReadOnlyList<string> Targets => Shape.Objects ?? [Value.Text!];
}

/// <summary>An attribute instance's shape beyond its value: shared by every plain one, so telemetry slots cost nothing more.</summary>
internal sealed record SlotShape(PropertyKind Kind, SubAttributes? Sub, IReadOnlyList<string>? Objects)
{
    public static readonly SlotShape Plain = new(PropertyKind.Property, null, null);

    public static SlotShape Of(Property property) =>
        property.Kind == PropertyKind.Property && property.Sub is null ? Plain : new(property.Kind, property.Sub, null);

    public static SlotShape Of(Relationship relationship) =>
        relationship.Sub is null && relationship.Objects is null ? Plain : new(PropertyKind.Property, relationship.Sub, relationship.Objects);
}
