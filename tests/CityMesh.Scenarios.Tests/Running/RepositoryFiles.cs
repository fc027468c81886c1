using System.Runtime.CompilerServices;
using CityMesh.Limits;

namespace CityMesh.Scenarios.Tests.Running;

/// <summary>Paths in the checkout (the examples) and beside it (../shared data), found from this source file.</summary>
internal static class RepositoryFiles
{
    public static string Root([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));

    public static string Example(string name) => Path.Combine(Root(), "examples", "scenarios", name);

    /// <summary>../shared/data beside the checkout: the examples' network and demand, outside their folder.</summary>
    public static string SharedData() => Path.GetFullPath(Path.Combine(Root(), "..", "shared", "data"));

    /// <summary>The limits a run of the examples needs: ../shared/data allowed as an input root.</summary>
    public static InputLimits WithSharedData() => InputLimits.Default with { InputRoots = [SharedData()] };
}
