using System.Text.Json;
using CityMesh.Contracts.Actions;
using CityMesh.Twin.Client;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance.Actions.Execution;

/// <summary>
/// Applies an action's effect to the twin, one <c>POST /ngsi-ld/v1/entities/{id}/attrs</c> (append, overwriting) per
/// <see cref="TwinPatch"/>, in order, as service:governance (<see cref="TwinWriter"/>: only 204 counts as applied; 5xx
/// and connection failures are retried). The first patch that fails stops there, with the twin's answer as the error.
/// Which attributes an effect may write is judged before: by the effect's measure under guardrails, by a person otherwise.
/// </summary>
public sealed class TwinPatcher(IHttpClientFactory clients, TwinAddress twin, ILogger<TwinPatcher> logger)
{
    /// <summary>The named <see cref="HttpClient"/> it uses (timeout, handlers), registered by <c>AddGovernance</c>.</summary>
    public const string ClientName = "governance-twin";

    private TwinWriter? _writer;

    /// <summary>Tries per patch, the first included.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before the second try; doubles after each.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    private TwinWriter Writer => _writer ??= new TwinWriter(clients, ClientName, twin, logger) { MaxAttempts = MaxAttempts, RetryDelay = RetryDelay };

    /// <returns>Null when every patch was applied; otherwise why not, naming the patch and what the twin answered.</returns>
    public async Task<string?> ApplyAsync(IReadOnlyList<TwinPatch> effect, CancellationToken ct = default)
    {
        for (var i = 0; i < effect.Count; i++)
        {
            var error = await Writer.WriteAttributesAsync(effect[i].EntityId, effect[i].Attributes, ct);
            if (error is null) continue;
            var applied = i == 0 ? "" : $"; the {i} patch(es) before it were applied";
            return $"patch {i + 1} of {effect.Count} ({effect[i].EntityId}): {error}{applied}";
        }
        return null;
    }

    /// <summary>
    /// The entity as the twin holds it now (normalized NGSI-LD), for measuring what an effect would change; null when
    /// it does not exist or the twin cannot be reached (the action then waits for an operator).
    /// </summary>
    public Task<JsonElement?> ReadAsync(string entityId, CancellationToken ct = default) => Writer.ReadAsync(entityId, ct);
}
