using CityMesh.Simulation.Traffic.Sumo;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>
/// Networks SUMO ships with its tools (Debian's sumo-tools, which CI installs): A10KW, a stretch of Berlin's A10
/// motorway in UTM zone 33, and Bologna's Pasubio, which has no projection.
/// </summary>
internal static class SumoExamples
{
    public static string A10 => Path.Combine(SumoInstallation.HomeDirectory, "tools", "game", "A10KW", "osm.net.xml");

    public static string A10Routes => Path.Combine(SumoInstallation.HomeDirectory, "tools", "game", "A10KW", "osm.passenger.rou.xml");

    /// <summary>The simulation tests' 3×3 grid (checked in beside them), not georeferenced; found from the calling test's folder.</summary>
    public static string Grid([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "CityMesh.Simulation.Tests", "Data", "Sumo", "grid3.net.xml"));

    public static string Pasubio(string file) => Bologna("pasubio", file);

    /// <summary>A file of one of SUMO's Bologna scenarios (pasubio, acosta).</summary>
    public static string Bologna(string scenario, string file) =>
        Path.Combine(SumoInstallation.HomeDirectory, "tools", "sumolib", "scenario", "scenarios", "RealWorld", scenario, file);
}

/// <summary>A test of SUMO's example networks: skipped, saying why, only where SUMO's tools are not installed.</summary>
internal sealed class SumoExamplesFactAttribute : FactAttribute
{
    public SumoExamplesFactAttribute() => Skip = SumoExamplesTheoryAttribute.Missing;
}

/// <inheritdoc cref="SumoExamplesFactAttribute"/>
internal sealed class SumoExamplesTheoryAttribute : TheoryAttribute
{
    public SumoExamplesTheoryAttribute() => Skip = Missing;

    internal static string? Missing =>
        Directory.Exists(SumoInstallation.HomeDirectory) ? null : $"SUMO's tools are not installed ({SumoInstallation.HomeDirectory}); apt-get install sumo-tools";
}
