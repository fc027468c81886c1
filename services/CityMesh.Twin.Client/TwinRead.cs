using System.Text.Json;

namespace CityMesh.Twin.Client;

/// <summary>
/// Entities read from the twin (NGSI-LD normalized, compacted with CityMesh's context, as the NGSI-LD API returns them)
/// and the change position the read is at least as new as: watch from <see cref="Position"/> and nothing is missed.
/// </summary>
public sealed record TwinRead(IReadOnlyList<JsonElement> Entities, string Position);

/// <summary>One change the twin made, and where to resume a watch after it.</summary>
public sealed record TwinChangeAt(Contracts.Twin.TwinChange Change, string Position);
