using System.Runtime.CompilerServices;

namespace CityMesh.Deploy.Tests.Support;

/// <summary>Paths in the checkout: the deployment files are tested where they are, not copied.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public static string Chart => Path("charts/citymesh");

    /// <summary>Above the test binaries, or, when they are built elsewhere (--artifacts-path), above this source file.</summary>
    private static string FindRoot([CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Path.GetDirectoryName(source) ?? "" })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "CityMesh.sln"))) return dir.FullName;
        throw new InvalidOperationException("CityMesh.sln not found above " + AppContext.BaseDirectory + " or " + source);
    }
}
