using CityMesh.Twin.Model;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Storage;

/// <summary>
/// Where the twin's entities live. Implementations: <c>MemoryTwinStore</c> (embedded) and
/// <c>PostgresTwinStore</c> (deployments); both pass <c>TwinStoreContract</c>.
/// <para>Rules every implementation keeps:</para>
/// <list type="bullet">
/// <item>Reads see writes at once.</item>
/// <item>A property carrying observedAt is dynamic: a write older than the current value goes to history only;
/// one with the same observedAt and value as a held one is a duplicate and changes nothing.</item>
/// <item>History holds every kept observation of a dynamic property, the current one included, newest
/// <c>HistoryDepth</c> per property.</item>
/// <item>A write to one entity is all or nothing, also inside a batch.</item>
/// <item>Entities are validated with <see cref="EntityValidator"/>; an invalid one throws
/// <see cref="InvalidEntityException"/>.</item>
/// </list>
/// </summary>
public partial interface ITwinStore : IAsyncDisposable
{
    /// <summary>Prepares the store (schema migrations); idempotent. Called once before use.</summary>
    Task InitializeAsync(CancellationToken ct = default);

    /// <summary>One cheap round trip to where the entities live, for readiness; throws when it does not answer.</summary>
    Task PingAsync(CancellationToken ct = default);

    /// <returns><see cref="WriteOutcome.Created"/> or <see cref="WriteOutcome.AlreadyExists"/>.</returns>
    Task<WriteOutcome> CreateAsync(Entity entity, CancellationToken ct = default);

    Task<Entity?> GetAsync(string id, CancellationToken ct = default);

    Task<bool> DeleteAsync(string id, CancellationToken ct = default);

    /// <summary>Creates or writes each entity; outcomes in input order (Created, Replaced or Updated).</summary>
    Task<IReadOnlyList<WriteOutcome>> UpsertAsync(IReadOnlyList<Entity> entities, UpsertMode mode, CancellationToken ct = default);

    /// <summary>Updates attributes the entity already has (NGSI-LD PATCH /attrs); others are reported not updated.</summary>
    Task<AttributeUpdateResult> UpdateAttributesAsync(string id, AttributePatch patch, CancellationToken ct = default);

    /// <summary>
    /// Adds attribute instances to an entity (NGSI-LD POST /attrs): an instance with the same name and datasetId is
    /// replaced when <paramref name="overwrite"/>, otherwise reported not updated; a name held as the other kind
    /// (property vs relationship) is replaced whole.
    /// </summary>
    Task<AttributeUpdateResult> AppendAttributesAsync(string id, AttributePatch patch, bool overwrite, CancellationToken ct = default);

    /// <summary>Deletes one instance of an attribute (by datasetId; null: the default one), or every instance.</summary>
    Task<AttributeDeletion> DeleteAttributeAsync(string id, string name, string? datasetId, bool allInstances, CancellationToken ct = default);

    /// <summary>The telemetry path: applies many observations in one batch.</summary>
    Task<ObservationBatchResult> ApplyAsync(IReadOnlyList<Observation> observations, CancellationToken ct = default);

    Task<EntityPage> QueryAsync(EntityQuery query, CancellationToken ct = default);

    /// <returns>Null when the entity does not exist.</returns>
    Task<TemporalEntity?> GetHistoryAsync(TemporalQuery query, CancellationToken ct = default);

    /// <summary>Edges pointing at <paramref name="targetId"/> (the reverse relationship index).</summary>
    Task<IReadOnlyList<RelationshipEdge>> GetIncomingAsync(string targetId, CancellationToken ct = default);

    Task<long> CountAsync(CancellationToken ct = default);

    /// <summary>How many entities of each type the twin holds (for the entity-count metric).</summary>
    Task<IReadOnlyDictionary<string, long>> CountByTypeAsync(CancellationToken ct = default);
}

public enum WriteOutcome
{
    Created,
    /// <summary>Upsert (replace): the entity's attributes are now exactly the given ones.</summary>
    Replaced,
    /// <summary>Upsert (update): given attributes written, others kept.</summary>
    Updated,
    AlreadyExists,
    NotFound,
}

public enum AttributeDeletion
{
    Deleted,
    EntityNotFound,
    AttributeNotFound,
}

public enum UpsertMode
{
    Replace,
    Update,
}

/// <summary>
/// A partial update. Location is always updatable; attribute instances only when the entity has them (the same
/// datasetId; as a property to update a property, as a relationship to update a relationship).
/// </summary>
public sealed record AttributePatch
{
    public IReadOnlyDictionary<string, Property> Properties { get; init; } = Entity.EmptyProperties;
    public IReadOnlyDictionary<string, Relationship> Relationships { get; init; } = Entity.EmptyRelationships;
    public IReadOnlyDictionary<string, IReadOnlyList<Property>> PropertyDatasets { get; init; } = Entity.EmptyPropertyDatasets;
    public IReadOnlyDictionary<string, IReadOnlyList<Relationship>> RelationshipDatasets { get; init; } = Entity.EmptyRelationshipDatasets;
    public Contracts.Geo.Geometry? Location { get; init; }
}

public sealed record AttributeUpdateResult(bool EntityFound, IReadOnlyList<string> Updated, IReadOnlyList<NotUpdatedAttribute> NotUpdated)
{
    public static readonly AttributeUpdateResult EntityNotFound = new(false, [], []);
}

public sealed record NotUpdatedAttribute(string Attribute, string Reason);

/// <summary>An edge <c>SourceId --Name--&gt; TargetId</c>.</summary>
public sealed record RelationshipEdge(string SourceId, string Name, string TargetId);
