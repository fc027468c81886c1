namespace CityMesh.Deploy.Tests.Support;

/// <summary>Paths in the checkout: the deployment files are tested where they are, not copied.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public static string Chart => Path("charts/citymesh");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CityMesh.sln"))) return dir.FullName;
        throw new InvalidOperationException("CityMesh.sln not found above " + AppContext.BaseDirectory);
    }
}
