using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Tests.Telemetry;

/// <summary>A store that passes every call to a real one, for tests that interfere with one call.</summary>
internal class ForwardingTwinStore(ITwinStore inner) : ITwinStore
{
    public Task InitializeAsync(CancellationToken ct = default) => inner.InitializeAsync(ct);
    public Task PingAsync(CancellationToken ct = default) => inner.PingAsync(ct);
    public Task<WriteOutcome> CreateAsync(Entity entity, CancellationToken ct = default) => inner.CreateAsync(entity, ct);
    public Task<Entity?> GetAsync(string id, CancellationToken ct = default) => inner.GetAsync(id, ct);
    public Task<bool> DeleteAsync(string id, CancellationToken ct = default) => inner.DeleteAsync(id, ct);
    public Task<IReadOnlyList<WriteOutcome>> UpsertAsync(IReadOnlyList<Entity> entities, UpsertMode mode, CancellationToken ct = default) =>
        inner.UpsertAsync(entities, mode, ct);
    public Task<AttributeUpdateResult> UpdateAttributesAsync(string id, AttributePatch patch, CancellationToken ct = default) =>
        inner.UpdateAttributesAsync(id, patch, ct);

    public Task<AttributeUpdateResult> AppendAttributesAsync(string id, AttributePatch patch, bool overwrite, CancellationToken ct = default) =>
        inner.AppendAttributesAsync(id, patch, overwrite, ct);

    public Task<AttributeDeletion> DeleteAttributeAsync(string id, string name, string? datasetId, bool allInstances, CancellationToken ct = default) =>
        inner.DeleteAttributeAsync(id, name, datasetId, allInstances, ct);
    public virtual Task<ObservationBatchResult> ApplyAsync(IReadOnlyList<Observation> observations, CancellationToken ct = default) =>
        inner.ApplyAsync(observations, ct);
    public Task<EntityPage> QueryAsync(EntityQuery query, CancellationToken ct = default) => inner.QueryAsync(query, ct);
    public Task<TemporalEntity?> GetHistoryAsync(TemporalQuery query, CancellationToken ct = default) => inner.GetHistoryAsync(query, ct);
    public Task<AggregatedEntity?> AggregateHistoryAsync(TemporalQuery query, TemporalAggregation aggregation, CancellationToken ct = default) =>
        inner.AggregateHistoryAsync(query, aggregation, ct);
    public Task<HistoryEdit> ReplaceInstanceAsync(string entityId, string attribute, DateTimeOffset observedAt, TwinValue value, string? unitCode,
        CancellationToken ct = default) => inner.ReplaceInstanceAsync(entityId, attribute, observedAt, value, unitCode, ct);
    public Task<HistoryEdit> DeleteInstanceAsync(string entityId, string attribute, DateTimeOffset observedAt, CancellationToken ct = default) =>
        inner.DeleteInstanceAsync(entityId, attribute, observedAt, ct);
    public Task<IReadOnlyList<RelationshipEdge>> GetIncomingAsync(string targetId, CancellationToken ct = default) => inner.GetIncomingAsync(targetId, ct);
    public Task<long> CountAsync(CancellationToken ct = default) => inner.CountAsync(ct);
    public Task<IReadOnlyDictionary<string, long>> CountByTypeAsync(CancellationToken ct = default) => inner.CountByTypeAsync(ct);
    public Task<IReadOnlyList<TypeSummary>> DescribeTypesAsync(string? type = null, CancellationToken ct = default) => inner.DescribeTypesAsync(type, ct);
    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the inner store belongs to the test
}
