namespace CityMesh.Simulation.Traffic.Sumo;

/// <summary>Runs one SUMO tool to completion with SUMO_HOME set, capturing what it prints (<see cref="ToolProcess"/>).</summary>
internal static class SumoProcess
{
    public static Task<ToolProcess.Output> RunAsync(SumoInstallation sumo, string program, IEnumerable<string> arguments, string workingDirectory,
        CancellationToken ct) =>
        ToolProcess.RunAsync(program, arguments, workingDirectory, new Dictionary<string, string> { ["SUMO_HOME"] = sumo.Home },
            message => new SumoException(message), ct);
}
