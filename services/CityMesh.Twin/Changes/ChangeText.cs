namespace CityMesh.Twin.Changes;

/// <summary>
/// One change as the twin announces it: the entity, its type and the <c>TwinChange</c> as JSON, written once and then
/// logged, batched onto the bus and streamed to watchers as that same text.
/// </summary>
public readonly record struct ChangeText(string EntityId, string EntityType, string Json);
