namespace CityMesh.Limits.Settings;

/// <summary>
/// Finds the road network file and the files that go with it. A relative path is tried against the working directory, then against the
/// repository root (the nearest ancestor of the working directory or of the program holding CityMesh.sln),
/// because the data live beside the checkout (<c>../shared/data</c>) while tests and tools run from build folders.
/// </summary>
public static class RoadNetworkFile
{
    public const string SolutionFile = "CityMesh.sln";

    public static string Resolve(string configured) =>
        Resolve(configured, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    /// <exception cref="FileNotFoundException">No candidate exists; the message lists every path tried.</exception>
    public static string Resolve(string configured, params string[] searchFrom) =>
        Find(configured, $"{CityOptions.Section}:RoadNetwork", "a CityFlow roadnet JSON file or a SUMO .net.xml", searchFrom);

    /// <summary>Another file that goes with the road network (its demand, SUMO's additional files), found the same way.</summary>
    /// <param name="key">The setting that names it, in full, for the error.</param>
    /// <exception cref="FileNotFoundException">No candidate exists; the message names the setting and every path tried.</exception>
    public static string ResolveSetting(string configured, string key) =>
        Find(configured, key, "a file", Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    /// <summary>The SUMO additional files a city names (<see cref="CityOptions.SumoAdditional"/>), each found like the road network.</summary>
    /// <exception cref="FileNotFoundException">One is missing; the message names its setting.</exception>
    public static IReadOnlyList<string> SumoAdditional(CityOptions city) =>
        [.. city.SumoAdditional.Select((file, i) => ResolveSetting(file, $"{CityOptions.Section}:SumoAdditional:{i}"))];

    private static string Find(string configured, string key, string what, params string[] searchFrom)
    {
        if (string.IsNullOrWhiteSpace(configured))
            throw new FileNotFoundException($"{key} is empty; set it to {what}.");
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
            $"The file '{configured}' ({key}) was not found; tried {string.Join(", ", tried)}. " +
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
