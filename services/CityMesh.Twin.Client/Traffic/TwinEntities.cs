using System.Text.Json;
using CityMesh.Contracts.Twin;

namespace CityMesh.Twin.Client.Traffic;

/// <summary>
/// What traffic reads from the city's twin (transport's network view, a scenario's baseline), as the twin returns
/// it (NGSI-LD normalized form): the road network (Intersection, TrafficSignal, RoadSegment) and the detectors on
/// it (TrafficFlowObserved).
/// </summary>
public sealed record TwinEntities(
    string City,
    IReadOnlyList<JsonElement> Intersections,
    IReadOnlyList<JsonElement> Signals,
    IReadOnlyList<JsonElement> Roads,
    IReadOnlyList<JsonElement> Detectors)
{
    public static readonly IReadOnlyList<string> Types =
        [EntityTypes.Intersection, EntityTypes.TrafficSignal, EntityTypes.RoadSegment, EntityTypes.TrafficFlowObserved];

    /// <summary>Every traffic entity of one city's ids. A failure the client could not retry away is its <see cref="Grpc.Core.RpcException"/>.</summary>
    public static async Task<TwinEntities> ReadAsync(TwinReaderClient reader, string city, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var byType = new Dictionary<string, IReadOnlyList<JsonElement>>(StringComparer.Ordinal);
        foreach (var type in Types) byType[type] = (await reader.QueryAsync(TwinQuery.OfCity(type, city), ct)).Entities;
        return new TwinEntities(city, byType[EntityTypes.Intersection], byType[EntityTypes.TrafficSignal],
            byType[EntityTypes.RoadSegment], byType[EntityTypes.TrafficFlowObserved]);
    }
}
