namespace CityMesh.LocalServers;

/// <summary>
/// Clusters whose owning process died without disposing them (killed test runs, a crashed benchmark) keep a
/// postmaster and gigabytes of data behind. Each cluster folder names its owner; a new cluster sweeps away the
/// folders of owners that are gone.
/// </summary>
internal static class StaleClusters
{
    public const string FolderPrefix = "citymesh-pg-";
    private const string OwnerFile = "owner.pid";

    public static void ClaimFor(string root) =>
        File.WriteAllText(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static async Task SweepAsync(PostgresBinaries binaries, CancellationToken ct)
    {
        foreach (var root in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (!IsOrphan(root)) continue;
            try
            {
                var data = Path.Combine(root, "data");
                if (File.Exists(Path.Combine(data, "postmaster.pid")))
                    await ServerProcess.RunAsync(binaries.PgCtl, ["-D", data, "stop", "-m", "immediate", "-w"], root, LocalPostgresCluster.ServiceAccount, ct);
                Directory.Delete(root, recursive: true);
            }
            catch (Exception e) when (e is LocalServerException or IOException or UnauthorizedAccessException)
            {
                // Another process may be sweeping the same folder; what is left is retried by the next start.
            }
        }
    }

    /// <summary>A folder without an owner file is being created right now and is left alone.</summary>
    private static bool IsOrphan(string root)
    {
        try
        {
            var owner = File.ReadAllText(Path.Combine(root, OwnerFile)).Trim();
            return int.TryParse(owner, out var pid) && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
