using System.Runtime.CompilerServices;

namespace CityMesh.Simulation.Tests.Energy;

/// <summary>The MATPOWER feeders in shared/data/energy beside the checkout, found from this source file or the test output.</summary>
internal static class EnergyFiles
{
    public static string Shared(string name, [CallerFilePath] string source = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(source)!, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "energy", name);
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException($"shared/data/energy/{name} was not found above the tests or their output");
    }
}
