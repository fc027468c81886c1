using System.Text;

namespace CityMesh.Compute.OpenCl;

/// <summary>The compiler's output for one device.</summary>
public sealed record ClBuildLog(string DeviceName, string Log);

/// <summary>CL_BUILD_PROGRAM_FAILURE, carrying the full build log of every device so the error line is at hand.</summary>
public sealed class ClBuildProgramFailureException : ClException
{
    public ClBuildProgramFailureException(string function, IReadOnlyList<ClBuildLog> logs, string? detail = null)
        : base(ClError.BuildProgramFailure, function, WithLogs(detail, logs))
    {
        Logs = logs;
    }

    /// <summary>The build log per device, complete.</summary>
    public IReadOnlyList<ClBuildLog> Logs { get; }

    /// <summary>All logs in one string.</summary>
    public string BuildLog => string.Join(Environment.NewLine, Logs.Select(l => l.Log));

    private static string? WithLogs(string? detail, IReadOnlyList<ClBuildLog> logs)
    {
        if (logs.Count == 0)
            return detail;
        var text = new StringBuilder(detail);
        foreach (var log in logs)
            text.Append(Environment.NewLine).Append("build log for ").Append(log.DeviceName).Append(':')
                .Append(Environment.NewLine).Append(log.Log);
        return text.ToString();
    }
}
