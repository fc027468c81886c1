using CityMesh.Twin.Model;

namespace CityMesh.Twin.Query;

public enum TimeRelation
{
    Before,
    After,
    Between,
}

/// <summary>
/// History of one entity. <c>before</c>: observedAt &lt; TimeAt; <c>after</c>: observedAt &gt; TimeAt;
/// <c>between</c>: TimeAt &lt;= observedAt &lt; EndTimeAt. LastN keeps the newest N per attribute.
/// </summary>
public sealed record TemporalQuery(
    string EntityId,
    IReadOnlyList<string>? Attrs = null,
    TimeRelation? Relation = null,
    DateTimeOffset? TimeAt = null,
    DateTimeOffset? EndTimeAt = null,
    int? LastN = null);

/// <summary>Per attribute, its values in observedAt order (oldest first), the current value included.</summary>
public sealed record TemporalEntity(string Id, string Type, IReadOnlyDictionary<string, IReadOnlyList<Property>> Attributes);
