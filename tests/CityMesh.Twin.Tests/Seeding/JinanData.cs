using System.Runtime.CompilerServices;
using CityMesh.Limits.Settings;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Twin.Seeding;

namespace CityMesh.Twin.Tests.Seeding;

/// <summary>The real Jinan network from the shared data beside the checkout, located from this source file.</summary>
internal static class JinanData
{
    public static readonly string RoadNetworkPath = Locate();

    private static readonly Lazy<CityFlowRoadNetwork> Network = new(() => CityFlowRoadnetReader.Read(RoadNetworkPath));

    public static CityFlowRoadNetwork RoadNetwork => Network.Value;

    public static CityOptions Options(int seed = 42) => new() { Enabled = true, RoadNetwork = RoadNetworkPath, Seed = seed };

    public static SeededCity City(int seed = 42) => CityGenerator.Build(RoadNetwork, Options(seed));

    private static string Locate([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "..", "shared", "data", "traffic", "Jinan_3_4", "roadnet_3_4.json"));
}
