using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Limits.Settings;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Transport.Network;
using CityMesh.Twin.Client.Traffic;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Seeding;

namespace CityMesh.Transport.Tests.Support;

/// <summary>
/// The Jinan city exactly as the twin seeds it (the same generator), written as the twin's API writes entities
/// (NGSI-LD normalized), and built into the transport service's network with readings the test chooses.
/// </summary>
internal static class JinanTwin
{
    public const string City = "jinan";

    private static readonly Lazy<TwinEntities> Seeded = new(Seed);

    public static TwinEntities Entities => Seeded.Value;

    /// <param name="flow">Flow (veh/h) by road local id; every other road reads <paramref name="otherFlow"/>.</param>
    public static TransportNetwork Network(Func<string, double> flow, double speedKmh = 30, double occupancy = 0.1, DateTimeOffset? at = null)
    {
        var network = TransportNetworks.Build(Entities);
        var readings = network.Roads.Edges.ToDictionary(e => e.Id,
            e => new RoadReading(EntityIds.Create(EntityTypes.TrafficFlowObserved, City, e.Id), flow(e.Id), speedKmh, occupancy, at ?? DateTimeOffset.UnixEpoch),
            StringComparer.Ordinal);
        return network with { Readings = readings };
    }

    public static string Intersection(string local) => EntityIds.Create(EntityTypes.Intersection, City, local);

    public static string Signal(string local) => EntityIds.Create(EntityTypes.TrafficSignal, City, local);

    private static TwinEntities Seed()
    {
        var city = CityGenerator.Build(CityFlowRoadnetReader.Read(Routing.JinanRoads.Roadnet), new CityOptions());
        List<JsonElement> Of(string type) => [.. city.Entities.Where(e => e.Type == type).Select(Normalized)];
        return new TwinEntities(City, Of(EntityTypes.Intersection), Of(EntityTypes.TrafficSignal), Of(EntityTypes.RoadSegment), Of(EntityTypes.TrafficFlowObserved));
    }

    private static JsonElement Normalized(Entity entity)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) NgsiLdCodec.WriteEntity(writer, entity, NgsiRepresentation.Normalized);
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }
}
