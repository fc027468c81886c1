namespace CityMesh.Limits.Settings;

/// <summary>
/// Finds the road network file. A relative path is tried against the working directory, then against the
/// repository root (the nearest ancestor of the working directory or of the program holding CityMesh.sln),
/// because the data live beside the checkout (<c>../shared/data</c>) while tests and tools run from build folders.
/// </summary>
public static class RoadNetworkFile
{
    public const string SolutionFile = "CityMesh.sln";

    public static string Resolve(string configured) =>
        Resolve(configured, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    /// <exception cref="FileNotFoundException">No candidate exists; the message lists every path tried.</exception>
    public static string Resolve(string configured, params string[] searchFrom)
    {
        if (string.IsNullOrWhiteSpace(configured))
            throw new FileNotFoundException($"{CityOptions.Section}:RoadNetwork is empty; set it to a CityFlow roadnet JSON file.");
        var tried = new List<string>();
        if (Path.IsPathRooted(configured))
        {
            tried.Add(configured);
        }
        else
        {
            if (searchFrom.Length > 0) tried.Add(Path.GetFullPath(configured, searchFrom[0]));
            foreach (var start in searchFrom)
            {
                if (RepositoryRoot(start) is { } root) tried.Add(Path.GetFullPath(configured, root));
            }
        }
        tried = tried.Distinct(StringComparer.Ordinal).ToList();
        return tried.FirstOrDefault(File.Exists) ?? throw new FileNotFoundException(
            $"The road network '{configured}' ({CityOptions.Section}:RoadNetwork) was not found; tried {string.Join(", ", tried)}. " +
            "Set it to an absolute path, or check that the shared data sit beside the repository.", configured);
    }

    private static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        }
        return null;
    }
}
