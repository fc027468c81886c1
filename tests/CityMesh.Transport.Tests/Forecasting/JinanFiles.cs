using System.Runtime.CompilerServices;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Transport.Tests.Forecasting;

/// <summary>The Jinan 3×4 network and real hour of flow from the shared data beside the checkout, located from this file.</summary>
internal static class JinanFiles
{
    public static readonly string Directory = Locate();

    public static string Roadnet => Path.Combine(Directory, "roadnet_3_4.json");

    public static string Flow => Path.Combine(Directory, "anon_3_4_jinan_real.json");

    private static readonly Lazy<(TrafficNetwork Network, TrafficDemand Hour)> Loaded = new(() =>
    {
        var network = CityFlowNetworkReader.Read(Roadnet);
        return (network, CityFlowFlowReader.Read(Flow, network));
    });

    public static TrafficNetwork Network => Loaded.Value.Network;

    public static TrafficDemand Hour => Loaded.Value.Hour;

    private static string Locate([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "..", "shared", "data", "traffic", "Jinan_3_4"));
}
