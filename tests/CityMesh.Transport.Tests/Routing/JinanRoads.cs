using System.Runtime.CompilerServices;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Transport.Network;
using CityMesh.Twin.Client.Traffic;
using CityMesh.Twin.Model;

namespace CityMesh.Transport.Tests.Routing;

/// <summary>The Jinan 3×4 network as the transport view would hold it, with readings the test chooses.</summary>
internal static class JinanRoads
{
    public const string City = "jinan";

    public static readonly DateTimeOffset ReadAt = new(2025, 6, 2, 8, 0, 0, TimeSpan.Zero);

    public static string Roadnet => Shared("roadnet_3_4.json");

    public static string Flow => Shared("anon_3_4_jinan_real.json");

    public static TrafficNetwork Read() => CityFlowNetworkReader.Read(Roadnet);

    /// <summary>A transport network over <paramref name="roads"/>, one TrafficSignal entity per signalised junction.</summary>
    public static TransportNetwork Network(TrafficNetwork roads, IReadOnlyDictionary<string, RoadReading>? readings = null) =>
        new(City, roads, new TwinEntities(City, [], [], [], []), readings ?? new Dictionary<string, RoadReading>(),
            roads.Junctions.Where(j => j.Signal is not null).ToDictionary(j => j.Id, j => SignalId(j.Id)));

    public static string SignalId(string junction) => EntityIds.Create(EntityTypes.TrafficSignal, City, junction);

    public static string Road(string local) => EntityIds.Create(EntityTypes.RoadSegment, City, local);

    public static string Intersection(string local) => EntityIds.Create(EntityTypes.Intersection, City, local);

    /// <summary>shared/data/traffic beside the checkout, found from this source file or the test output.</summary>
    private static string Shared(string file, [CallerFilePath] string source = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(source)!, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "traffic", "Jinan_3_4", file);
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException($"shared/data/traffic/Jinan_3_4/{file} was not found above the tests or their output");
    }
}
