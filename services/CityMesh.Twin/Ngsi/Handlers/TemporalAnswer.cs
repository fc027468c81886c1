using System.Text.Json;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Queries;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>One entity's history as a temporal read asks for it: instances (normalized or temporalValues) or aggregates.</summary>
public sealed record TemporalAnswer(string Type, Action<Utf8JsonWriter, NgsiRepresentation> Write)
{
    /// <returns>Null when there is no entity <paramref name="entityId"/>.</returns>
    public static async Task<TemporalAnswer?> ReadAsync(ITwinStore store, TemporalRequest request, string entityId, CancellationToken ct)
    {
        var query = request.Query with { EntityId = entityId };
        if (request.Aggregation is { } aggregation)
        {
            var aggregated = await store.AggregateHistoryAsync(query, aggregation, ct);
            return aggregated is null ? null : new(aggregated.Type, (w, rep) => NgsiLdCodec.WriteAggregated(w, aggregated, rep, query, aggregation));
        }
        var history = await store.GetHistoryAsync(query, ct);
        return history is null ? null : new(history.Type, (w, rep) => NgsiLdCodec.WriteTemporal(w, history, rep, request.Options.TemporalValues));
    }
}
