namespace CityMesh.Simulation.Traffic.Sumo;

/// <summary>
/// Where Debian's SUMO lives: the <c>sumo</c>, <c>netgenerate</c> and <c>duarouter</c> binaries on PATH and the tools
/// (randomTrips.py) under SUMO_HOME, which SUMO's tools and XML validation need set (Debian: /usr/share/sumo).
/// </summary>
public sealed record SumoInstallation(string Sumo, string NetGenerate, string DuaRouter, string Home, string Python)
{
    public const string DefaultHome = "/usr/share/sumo";

    public string RandomTrips => Path.Combine(Home, "tools", "randomTrips.py");

    /// <summary>SUMO_HOME, or Debian's place for SUMO's data and tools when it is not set.</summary>
    public static string HomeDirectory => Environment.GetEnvironmentVariable("SUMO_HOME") is { Length: > 0 } h ? h : DefaultHome;

    /// <summary>The installation, or an exception saying what is missing and how to install it.</summary>
    public static SumoInstallation Find()
    {
        var home = HomeDirectory;
        var missing = new List<string>();
        string Locate(string name)
        {
            var found = OnPath(name);
            if (found is null) missing.Add(name);
            return found ?? name;
        }
        var installation = new SumoInstallation(Locate("sumo"), Locate("netgenerate"), Locate("duarouter"), home, Locate("python3"));
        if (!File.Exists(installation.RandomTrips)) missing.Add(installation.RandomTrips);
        if (missing.Count > 0)
            throw new SumoException($"SUMO is not installed completely: missing {string.Join(", ", missing)}. " +
                "On Debian: apt-get install sumo sumo-tools python3 (or run tools/setup-debian.sh); set SUMO_HOME if SUMO lives elsewhere.");
        return installation;
    }

    public static bool IsAvailable()
    {
        try
        {
            Find();
            return true;
        }
        catch (SumoException)
        {
            return false;
        }
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}

/// <summary>A SUMO tool failed or is missing; the message carries what it printed.</summary>
public sealed class SumoException(string message) : Exception(message);
