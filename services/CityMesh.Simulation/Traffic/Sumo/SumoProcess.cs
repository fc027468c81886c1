using System.Diagnostics;
using System.Text;

namespace CityMesh.Simulation.Traffic.Sumo;

/// <summary>Runs one SUMO tool to completion with SUMO_HOME set, capturing what it prints.</summary>
internal static class SumoProcess
{
    public sealed record Output(string StandardOutput, string StandardError, TimeSpan Elapsed);

    public static async Task<Output> RunAsync(SumoInstallation sumo, string program, IEnumerable<string> arguments, string workingDirectory,
        CancellationToken ct)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["SUMO_HOME"] = sumo.Home;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new SumoException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var output = new Output(await stdout, await stderr, clock.Elapsed);
        if (process.ExitCode != 0)
        {
            var text = new StringBuilder().Append(output.StandardError.Trim());
            if (text.Length == 0) text.Append(output.StandardOutput.Trim());
            throw new SumoException($"{Path.GetFileName(program)} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {Tail(text.ToString())}");
        }
        return output;
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "..." + text[^2000..];
}
