using System.Text.Json;
using System.Text.Json.Serialization;
using CityMesh.Contracts.Actions;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Governance.Actions.Api;

/// <summary>The body of approve, reject and override: a reason, and for an override the operator's own effect.</summary>
/// <param name="Effect">Override only: replaces the proposed effect; left out, the proposed effect runs.</param>
public sealed record DecisionBody(string? Reason = null, IReadOnlyList<TwinPatch>? Effect = null)
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The request's body; an empty body is no reason and no effect.</summary>
    /// <exception cref="BadDecisionException">The body is not such an object; the message names the field.</exception>
    public static async Task<DecisionBody> ReadAsync(HttpRequest request, bool allowEffect, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(text)) return new DecisionBody();
        DecisionBody body;
        try
        {
            body = JsonSerializer.Deserialize<DecisionBody>(text, Strict) ?? throw new BadDecisionException("$", "the body is null; send an object");
        }
        catch (JsonException e)
        {
            throw new BadDecisionException(e.Path ?? "$", e.Message);
        }
        if (body.Effect is { } effect)
        {
            if (!allowEffect) throw new BadDecisionException("$.effect", "only an override carries an effect");
            if (effect.Count == 0) throw new BadDecisionException("$.effect", "is empty; leave it out to keep the proposed effect");
            for (var i = 0; i < effect.Count; i++)
            {
                if (effect[i] is null) throw new BadDecisionException($"$.effect[{i}]", "is null");
                if (string.IsNullOrWhiteSpace(effect[i].EntityId)) throw new BadDecisionException($"$.effect[{i}].entityId", "is missing or blank");
                if (effect[i].Attributes.ValueKind != JsonValueKind.Object || !effect[i].Attributes.EnumerateObject().Any())
                    throw new BadDecisionException($"$.effect[{i}].attributes", "must be an object of NGSI-LD attributes");
            }
        }
        return body;
    }
}

/// <summary>A decision body that cannot be read: answered 400 naming <see cref="Field"/>.</summary>
public sealed class BadDecisionException(string field, string problem) : Exception($"{field}: {problem}")
{
    public string Field { get; } = field;

    public string Problem { get; } = problem;
}
