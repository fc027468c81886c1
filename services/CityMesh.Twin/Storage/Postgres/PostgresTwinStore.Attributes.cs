namespace CityMesh.Twin.Storage.Postgres;

/// <summary>Appending attributes to an entity and deleting them (NGSI-LD POST and DELETE on /entities/{id}/attrs).</summary>
public sealed partial class PostgresTwinStore
{
    public Task<AttributeUpdateResult> AppendAttributesAsync(string id, AttributePatch patch, bool overwrite, CancellationToken ct = default)
    {
        AttributeRules.Validate(patch);
        return WithConnectionAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var changes = await EntityChangeSet.LoadAsync(connection, transaction, _historyDepth,
                [id], [.. EntityChangeSet.InstantsOf(id, patch.Properties)], new HashSet<string>(), ct);
            if (!changes.Contains(id)) return AttributeUpdateResult.EntityNotFound;
            var result = changes.Append(id, patch, overwrite);
            await changes.FlushAsync(connection, transaction, ct);
            await transaction.CommitAsync(ct);
            return result;
        }, ct);
    }

    public Task<AttributeDeletion> DeleteAttributeAsync(string id, string name, string? datasetId, bool allInstances, CancellationToken ct = default) =>
        WithConnectionAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var changes = await EntityChangeSet.LoadAsync(connection, transaction, _historyDepth, [id], [], new HashSet<string>(), ct);
            if (!changes.Contains(id)) return AttributeDeletion.EntityNotFound;
            var outcome = changes.DeleteAttribute(id, name, datasetId, allInstances);
            await changes.FlushAsync(connection, transaction, ct);
            await transaction.CommitAsync(ct);
            return outcome;
        }, ct);
}
