using CityMesh.Twin.Model;

namespace CityMesh.Twin.Storage.Memory;

/// <summary>
/// One attribute of a stored entity. A relationship keeps its target id as a text value. <see cref="ObservedTicks"/>
/// is 0 for static properties, which have no history.
/// </summary>
internal sealed class AttributeSlot(string name, bool isRelationship)
{
    public string Name { get; } = name;
    public bool IsRelationship { get; } = isRelationship;
    public TwinValue Value;
    public string? UnitCode;
    public long ObservedTicks;
    public PropertyHistory? History;

    public Property ToProperty() =>
        new(Value, UnitCode, ObservedTicks == 0 ? null : new DateTimeOffset(ObservedTicks, TimeSpan.Zero));

    public Relationship ToRelationship() =>
        new(Value.Text!, ObservedTicks == 0 ? null : new DateTimeOffset(ObservedTicks, TimeSpan.Zero));
}
