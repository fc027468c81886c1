using System.Diagnostics;
using System.Text;

namespace CityMesh.Simulation;

/// <summary>
/// Runs an outside program to completion (a peer the simulations are checked against: SUMO's tools, Node with
/// epanet-js), capturing what it prints; cancelled, it is killed with its children. A non-zero exit is an error that
/// names the program, its arguments and the end of what it said.
/// </summary>
internal static class ToolProcess
{
    public sealed record Output(string StandardOutput, string StandardError, TimeSpan Elapsed);

    /// <param name="failure">The exception to throw, given the message, when it cannot start or exits non-zero.</param>
    public static async Task<Output> RunAsync(string program, IEnumerable<string> arguments, string? workingDirectory,
        IReadOnlyDictionary<string, string>? environment, Func<string, Exception> failure, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw failure($"could not start {program}");
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
            throw failure($"{Path.GetFileName(program)} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {Tail(text.ToString())}");
        }
        return output;
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "..." + text[^2000..];
}
