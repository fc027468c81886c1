using CityMesh.Simulation.Geo;
using CityMesh.Contracts.Geo;
using CityMesh.Limits.Settings;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Twin.Geo;

namespace CityMesh.Twin.Seeding;

/// <summary>
/// The city's road network as the twin is seeded from it, whatever its file's format: its roads, lanes, junctions
/// and signals in the one shape the twin holds (<see cref="CityFlowRoadNetwork"/>), and where its plane lies on the
/// earth. A CityFlow network is in local metres, anchored at the configured point; a SUMO network is placed by its
/// own projection (<c>&lt;location projParameter&gt;</c>, UTM), or anchored like a CityFlow one when it has none.
/// </summary>
public sealed record CityRoadNetwork(CityFlowRoadNetwork Network, IGeoreference Georeference, string Path)
{
    private static string Key => $"{CityOptions.Section}:RoadNetwork";

    /// <exception cref="FileNotFoundException">A configured file is missing; the message names the setting.</exception>
    /// <exception cref="InvalidOperationException">A file cannot be read or placed; the message names the setting and the fault.</exception>
    public static CityRoadNetwork Load(CityOptions options)
    {
        var path = RoadNetworkFile.Resolve(options.RoadNetwork);
        return options.RoadNetworkFormat switch
        {
            RoadNetworkFormat.Sumo => Sumo(path, options),
            _ => new CityRoadNetwork(Read(path, "CityFlow road network", () => CityFlowRoadnetReader.Read(path)), Anchored(options), path),
        };
    }

    private static CityRoadNetwork Sumo(string path, CityOptions options)
    {
        var additional = RoadNetworkFile.SumoAdditional(options);
        var location = Read(path, "SUMO network", () => SumoLocation.Read(path));
        var network = Read(path, "SUMO network", () => SumoRoadNetwork.Read(path, additional: additional));
        return new CityRoadNetwork(network, Place(location, options, path), path);
    }

    /// <summary>Where a SUMO network lies: by its projection, or at the anchor when it has none.</summary>
    public static IGeoreference Place(SumoLocation location, CityOptions options, string path)
    {
        if (!location.Georeferenced) return Anchored(options);
        try
        {
            return UtmGeoreference.FromProj(location.ProjParameter, location.NetOffset.X, location.NetOffset.Y);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException(
                $"{Key} '{path}': <location> attribute 'projParameter' '{TrafficImportException.Quote(location.ProjParameter)}' cannot place the network: {e.Message}.", e);
        }
    }

    private static LocalTangentPlane Anchored(CityOptions options) => new(options.AnchorLatitude, options.AnchorLongitude);

    private static T Read<T>(string path, string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (TrafficImportException e)
        {
            throw new InvalidOperationException($"{Key} '{path}' is not a valid {what}: {e.Message}", e);
        }
    }
}
