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
}
