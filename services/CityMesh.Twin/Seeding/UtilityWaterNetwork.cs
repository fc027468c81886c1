using CityMesh.Contracts.Geo;
using CityMesh.Limits.Settings;
using CityMesh.Simulation.Water.Inp;
using CityMesh.Simulation.Water.Twin;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Seeding;

/// <summary>
/// The water utility's own network (<see cref="CityOptions.WaterNetworkFile"/>, the EPANET file every utility can
/// export) seeded into the twin beside the one generated under the streets, as FIWARE's water network entities placed
/// on the map from the file's coordinates. A file EPANET would refuse stops the seeding with the file's section and line.
/// </summary>
public static class UtilityWaterNetwork
{
    private static string Key => $"{CityOptions.Section}:WaterNetworkFile";

    public static void AddTo(ICollection<Entity> city, CityOptions options, string segment)
    {
        if (string.IsNullOrWhiteSpace(options.WaterNetworkFile)) return;
        if (options.WaterNetworkId == CityWaterNetwork.Id)
            throw new InvalidOperationException($"{CityOptions.Section}:WaterNetworkId is '{CityWaterNetwork.Id}', the network generated under the streets; give the utility's file another id.");
        var path = RoadNetworkFile.ResolveSetting(options.WaterNetworkFile, Key);
        Simulation.Water.WaterNetwork network;
        try
        {
            network = InpReader.Read(path);
        }
        catch (InpFormatException e)
        {
            throw new InvalidOperationException($"{Key} '{path}' is not a network EPANET would run: {e.Message}", e);
        }
        var plane = new LocalTangentPlane(options.WaterNetworkLatitude ?? options.AnchorLatitude, options.WaterNetworkLongitude ?? options.AnchorLongitude);
        double scale = options.WaterNetworkScale;
        Position Place(double x, double y) => plane.ToWgs84(x * scale, y * scale);
        // Its meters as a utility has them (loggers, area inflow meters, tank gauges, pump and valve signals), for the leak watch.
        var meters = WaterMeters.Plan(network, options.WaterNetworkId);
        foreach (var element in WaterNetworkEntities.Describe(network, options.WaterNetworkId, Place, meters.Partition).Concat(meters.Describe(network, Place)))
            city.Add(EntityDraft.From(element, segment).Build());
    }
}
