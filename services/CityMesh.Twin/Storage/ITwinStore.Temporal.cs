using CityMesh.Twin.Model;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Storage;

/// <summary>
/// The temporal API's reads and edits of history. History is kept per attribute name, for the default instance (no
/// datasetId) of properties written with observedAt; an instance is known by its attribute and observedAt, since a
/// property holds one value per instant.
/// </summary>
public partial interface ITwinStore
{
    /// <summary>The history <see cref="GetHistoryAsync"/> would return, aggregated per attribute and period.</summary>
    /// <returns>Null when the entity does not exist.</returns>
    Task<AggregatedEntity?> AggregateHistoryAsync(TemporalQuery query, TemporalAggregation aggregation, CancellationToken ct = default);

    /// <summary>
    /// Replaces the value held at one instant of a property's history, and the current value when that instant is
    /// the current one.
    /// </summary>
    /// <exception cref="InvalidEntityException">The value or unit code is not one the twin keeps.</exception>
    Task<HistoryEdit> ReplaceInstanceAsync(string entityId, string attribute, DateTimeOffset observedAt, TwinValue value, string? unitCode,
        CancellationToken ct = default);

    /// <summary>
    /// Removes one instant of a property's history. When it was the current value, the newest remaining instant becomes
    /// current; when none remains, the attribute goes (every instance of it).
    /// </summary>
    Task<HistoryEdit> DeleteInstanceAsync(string entityId, string attribute, DateTimeOffset observedAt, CancellationToken ct = default);
}

/// <summary>What became of an edit of history.</summary>
public enum HistoryEdit
{
    Done,
    NoEntity,
    /// <summary>The entity has no such attribute (for an instance edit: no such property with history).</summary>
    NoAttribute,
    /// <summary>The property holds no instance at that observedAt.</summary>
    NoInstance,
}
