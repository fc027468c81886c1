using System.Diagnostics;

namespace CityMesh.LocalServers;

/// <summary>
/// Runs a server's command-line tool to completion. PostgreSQL's tools refuse to run as root, so when this process
/// is root they run as a service account through <c>runuser</c>.
/// </summary>
internal static class ServerProcess
{
    public static bool RunningAsRoot => Environment.IsPrivilegedProcess;

    /// <param name="serviceAccount">Who runs the tool when this process is root; null runs it as this process's user.</param>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory,
        string? serviceAccount, CancellationToken ct)
    {
        var start = new ProcessStartInfo
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (RunningAsRoot && serviceAccount is not null)
        {
            start.FileName = "runuser";
            foreach (var a in (string[])["-u", serviceAccount, "--", program]) start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = program;
        }
        foreach (var a in arguments) start.ArgumentList.Add(a);

        using var process = Process.Start(start) ?? throw new LocalServerException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = (await stdout + await stderr).Trim();
        if (process.ExitCode != 0)
            throw new LocalServerException($"{Path.GetFileName(program)} exited with code {process.ExitCode}: {output}");
        return output;
    }

    /// <summary>Hands a file or directory (recursively) to the service account, so tools run as it can write there.</summary>
    public static Task GiveToAsync(string path, string serviceAccount, CancellationToken ct) =>
        RunningAsRoot
            ? RunAsync("chown", ["-R", $"{serviceAccount}:", path], Path.GetTempPath(), null, ct)
            : Task.CompletedTask;
}
