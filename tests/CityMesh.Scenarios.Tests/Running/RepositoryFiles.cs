using System.Runtime.CompilerServices;

namespace CityMesh.Scenarios.Tests.Running;

/// <summary>Paths in the checkout (the examples) and beside it (../shared data), found from this source file.</summary>
internal static class RepositoryFiles
{
    public static string Root([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));

    public static string Example(string name) => Path.Combine(Root(), "examples", "scenarios", name);
}
