using CityMesh.Simulation.Traffic.Sumo;

namespace CityMesh.Sensors.Tests;

/// <summary>
/// Networks SUMO ships with its tools (Debian's sumo-tools, which CI installs): A10KW, a stretch of Berlin's A10
/// motorway in UTM zone 33.
/// </summary>
internal static class SumoExamples
{
    public static string A10 => Path.Combine(SumoInstallation.HomeDirectory, "tools", "game", "A10KW", "osm.net.xml");

    public static string A10Routes => Path.Combine(SumoInstallation.HomeDirectory, "tools", "game", "A10KW", "osm.passenger.rou.xml");
}

/// <summary>A test of SUMO's example networks: skipped, saying why, only where SUMO's tools are not installed.</summary>
internal sealed class SumoExamplesFactAttribute : FactAttribute
{
    public SumoExamplesFactAttribute()
    {
        if (!Directory.Exists(SumoInstallation.HomeDirectory)) Skip = $"SUMO's tools are not installed ({SumoInstallation.HomeDirectory}); apt-get install sumo-tools";
    }
}
