using CityMesh.Contracts.Geo;
using CityMesh.Limits.Settings;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Seeding;

/// <summary>A seeded city: its entities in the order they were generated, which is the order they are written.</summary>
/// <param name="Georeference">Where the road network's plane lies on the earth.</param>
public sealed record SeededCity(string Name, string IdSegment, IGeoreference Georeference, IReadOnlyList<Entity> Entities)
{
    public IReadOnlyDictionary<string, int> CountByType =>
        Entities.GroupBy(e => e.Type).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
}

/// <summary>Builds a city from a road network and a seed; the same inputs always build the same city.</summary>
public static class CityGenerator
{
    /// <summary>A network in local metres, anchored at the options' anchor point.</summary>
    public static SeededCity Build(CityFlowRoadNetwork network, CityOptions options) =>
        Build(network, new LocalTangentPlane(options.AnchorLatitude, options.AnchorLongitude), options);

    public static SeededCity Build(CityRoadNetwork network, CityOptions options) => Build(network.Network, network.Georeference, options);

    public static SeededCity Build(CityFlowRoadNetwork network, IGeoreference georeference, CityOptions options)
    {
        var segment = options.IdSegment;
        var entities = new List<Entity>();
        TrafficNetworkImport.AddTo(entities, network, georeference, segment);
        UrbanLayout.AddTo(entities, network, georeference, segment, options.Name, options.Seed);
        CityPowerGrid.AddTo(entities, network, georeference, segment);
        UtilityWaterNetwork.AddTo(entities, options, segment);
        return new SeededCity(options.Name, segment, georeference, entities);
    }
}
