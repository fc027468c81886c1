using System.Diagnostics;

namespace CityMesh.EndToEnd.Tests;

/// <summary>The <c>citymesh</c> CLI as a user runs it: a real process on the managed backend, without colour.</summary>
internal static class CitymeshProcess
{
    /// <param name="environment">Variables set for this run over the test's own (an API key for a command that writes to a twin).</param>
    /// <returns>The exit code, and standard output followed by standard error.</returns>
    public static async Task<(int Code, string Output)> RunAsync(string[] arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var cli = typeof(CityMesh.Cli.Commands.SimCommand).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [cli, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["CITYMESH_COMPUTE"] = "managed", ["NO_COLOR"] = "1" },
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout + await stderr);
    }
}
