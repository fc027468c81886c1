using CityMesh.Contracts.Geo;
using CityMesh.Limits.Settings;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Seeding;

/// <summary>A seeded city: its entities in the order they were generated, which is the order they are written.</summary>
public sealed record SeededCity(string Name, string IdSegment, LocalTangentPlane Plane, IReadOnlyList<Entity> Entities)
{
    public IReadOnlyDictionary<string, int> CountByType =>
        Entities.GroupBy(e => e.Type).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
}

/// <summary>Builds a city from a CityFlow road network and a seed; the same inputs always build the same city.</summary>
public static class CityGenerator
{
    public static SeededCity Build(CityFlowRoadNetwork network, CityOptions options)
    {
        var plane = new LocalTangentPlane(options.AnchorLatitude, options.AnchorLongitude);
        var segment = options.IdSegment;
        var entities = new List<Entity>();
        TrafficNetworkImport.AddTo(entities, network, plane, segment);
        UrbanLayout.AddTo(entities, network, plane, segment, options.Name, options.Seed);
        return new SeededCity(options.Name, segment, plane, entities);
    }
}
