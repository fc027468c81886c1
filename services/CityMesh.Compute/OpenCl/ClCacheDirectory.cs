namespace CityMesh.Compute.OpenCl;

/// <summary>Where program binaries are cached: $CITYMESH_CACHE_DIR, else $XDG_CACHE_HOME/citymesh/opencl, else ~/.cache/citymesh/opencl.</summary>
public static class ClCacheDirectory
{
    public const string Variable = "CITYMESH_CACHE_DIR";

    public static string Resolve() => Resolve(Environment.GetEnvironmentVariable);

    /// <summary>The same rule over any variable lookup, so it can be checked without touching the process environment.</summary>
    public static string Resolve(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var explicitDirectory = variable(Variable);
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
            return explicitDirectory;
        // XDG says a relative XDG_CACHE_HOME is invalid and must be ignored.
        var xdg = variable("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
            return Path.Combine(xdg, "citymesh", "opencl");
        var home = variable("HOME");
        if (string.IsNullOrWhiteSpace(home))
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".cache", "citymesh", "opencl");
    }
}
