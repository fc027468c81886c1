using System.Runtime.CompilerServices;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>
/// Files the import tests read: small ones checked in under Data/, and the real CityFlow sets in shared/data/traffic
/// beside the checkout. Both are found from this source file, since builds may put their output anywhere.
/// </summary>
internal static class TrafficTestData
{
    public static string Data(params string[] parts) => Path.Combine([DataFolder(), .. parts]);

    public static string Shared(params string[] parts) => Path.Combine([SharedTraffic(), .. parts]);

    public static string JinanRoadnet => Shared("Jinan_3_4", "roadnet_3_4.json");

    public static string JinanFlow => Shared("Jinan_3_4", "anon_3_4_jinan_real.json");

    private static string DataFolder([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "Data"));

    private static string SharedTraffic([CallerFilePath] string source = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(source)!, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "traffic");
                if (Directory.Exists(candidate)) return candidate;
            }
        throw new DirectoryNotFoundException("shared/data/traffic was not found above the tests or their output");
    }
}
