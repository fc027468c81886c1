namespace CityMesh.EndToEnd.Tests;

/// <summary>
/// Where the browser tests write their screenshots: into <c>CITYMESH_SCREENSHOTS</c> when it is set (the README's
/// walkthrough is taken this way, into <c>docs/walkthrough</c>), else the temp folder.
/// </summary>
public static class Screenshots
{
    public const string Variable = "CITYMESH_SCREENSHOTS";

    public static string PathFor(string name, string? tempName = null)
    {
        var folder = Environment.GetEnvironmentVariable(Variable);
        return string.IsNullOrWhiteSpace(folder)
            ? Path.Combine(Path.GetTempPath(), tempName ?? "citymesh-" + name)
            : Path.Combine(Path.GetFullPath(folder), name);
    }
}
