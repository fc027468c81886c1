using System.Runtime.CompilerServices;

namespace CityMesh.Simulation.Tests.Water;

/// <summary>EPANET's example networks in shared/data/water beside the checkout, found from this source file or the test output.</summary>
internal static class WaterFiles
{
    /// <summary>A network checked in beside these tests.</summary>
    public static string Local(string name, [CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, name);

    public static string Shared(string name, [CallerFilePath] string source = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(source)!, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "water", name);
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException($"shared/data/water/{name} was not found above the tests or their output");
    }
}
