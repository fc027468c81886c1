using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CityMesh.Contracts.Actions;
using CityMesh.Messaging;

namespace CityMesh.Governance.Actions.Events;

/// <summary>
/// Reads an <c>actions.proposed</c> event strictly. A proposal that can never be governed (not JSON, an unknown or
/// missing field, a blank name, no evidence, expiry not after the proposal, a patch that is not an attribute
/// object) is a <see cref="PoisonEventException"/> naming the field, so the transport dead-letters it at once.
/// </summary>
public static class ProposalReader
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <exception cref="PoisonEventException">The event does not carry a valid proposal.</exception>
    public static ActionProposal Read(CloudEvent cloudEvent)
    {
        if (cloudEvent.Type != ActionProposal.EventType)
            throw Poison(cloudEvent, $"type is '{cloudEvent.Type}', not '{ActionProposal.EventType}'");
        if (!cloudEvent.HasJsonData || cloudEvent.Data.ValueKind != JsonValueKind.Object)
            throw Poison(cloudEvent, "data is not a JSON object");
        ActionProposal proposal;
        try
        {
            proposal = cloudEvent.Data.Deserialize<ActionProposal>(Strict) ?? throw Poison(cloudEvent, "data is null");
        }
        catch (JsonException e)
        {
            throw new PoisonEventException($"proposal in event {cloudEvent.Id}: {(e.Path is { } path ? path + ": " : "")}{e.Message}", e);
        }
        if (Problem(proposal) is { } problem) throw Poison(cloudEvent, problem);
        return proposal;
    }

    private static string? Problem(ActionProposal p)
    {
        foreach (var (field, value) in new[] { ("id", p.Id), ("type", p.Type), ("domain", p.Domain), ("target", p.Target), ("summary", p.Summary),
                     ("model.name", p.Model.Name), ("model.version", p.Model.Version) })
        {
            if (string.IsNullOrWhiteSpace(value)) return $"{field} is missing or blank";
        }
        if (p.Evidence.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return "evidence is missing: every proposal carries why";
        if (p.ExpiresAt <= p.ProposedAt)
            return $"expiresAt {Time(p.ExpiresAt)} is not after proposedAt {Time(p.ProposedAt)}";
        for (var i = 0; i < p.Effect.Count; i++)
        {
            var patch = p.Effect[i];
            if (patch is null) return $"effect[{i}] is null";
            if (string.IsNullOrWhiteSpace(patch.EntityId)) return $"effect[{i}].entityId is missing or blank";
            if (patch.Attributes.ValueKind != JsonValueKind.Object || !patch.Attributes.EnumerateObject().Any())
                return $"effect[{i}].attributes must be an object of NGSI-LD attributes";
        }
        return null;
    }

    private static PoisonEventException Poison(CloudEvent cloudEvent, string problem) => new($"proposal in event {cloudEvent.Id}: {problem}");

    private static string Time(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
