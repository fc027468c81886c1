using System.Globalization;
using System.Text;

namespace CityMesh.LocalServers;

/// <summary>
/// A throwaway PostgreSQL cluster for tests, benchmarks and development: its own data directory under the system
/// temp folder, a free loopback port, durability switched off for speed, and one database. Disposing it stops the
/// server and deletes everything it wrote.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    /// <summary>The OS account that runs the server when this process is root (initdb and postgres refuse root).</summary>
    public const string ServiceAccount = "postgres";

    public const string SuperUser = "postgres";

    private const int PortAttempts = 5;

    private readonly PostgresBinaries _binaries;
    private readonly string _root;
    private int _stopped;

    private LocalPostgresCluster(PostgresBinaries binaries, string root, int port, string database)
    {
        _binaries = binaries;
        _root = root;
        Port = port;
        Database = database;
    }

    /// <summary>True when PostgreSQL's server binaries are installed, so a cluster can be started.</summary>
    public static bool IsAvailable => PostgresBinaries.TryFind() is not null;

    /// <summary>True when PostGIS is installed too, as the twin's PostgreSQL store needs.</summary>
    public static bool IsPostGisAvailable => PostgresBinaries.TryFind()?.HasPostGis == true;

    public int Port { get; }

    /// <summary>The database created at start.</summary>
    public string Database { get; }

    public int MajorVersion => _binaries.MajorVersion;

    public string DataDirectory => Path.Combine(_root, "data");

    private string SocketDirectory => _root;

    private string LogFile => Path.Combine(_root, "server.log");

    /// <summary>Npgsql connection string for <see cref="Database"/> as the superuser over loopback TCP.</summary>
    public string ConnectionString => ConnectionStringFor(Database);

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={SuperUser};Database={database};Pooling=true";

    /// <summary>Creates, starts and opens a cluster with one database named <paramref name="database"/>.</summary>
    public static async Task<LocalPostgresCluster> StartAsync(string database = "citymesh", CancellationToken ct = default)
    {
        var binaries = PostgresBinaries.Find();
        await StaleClusters.SweepAsync(binaries, ct);
        var root = Directory.CreateTempSubdirectory(StaleClusters.FolderPrefix).FullName;
        try
        {
            StaleClusters.ClaimFor(root);
            await ServerProcess.GiveToAsync(root, ServiceAccount, ct);
            await InitDbAsync(binaries, root, ct);
            for (var attempt = 1; ; attempt++)
            {
                var cluster = new LocalPostgresCluster(binaries, root, FreePort.OnLoopback(), database);
                try
                {
                    await cluster.ConfigureAsync(ct);
                    await cluster.PgCtlAsync(["start", "-w", "-t", "60", "-l", cluster.LogFile], ct);
                }
                catch (LocalServerException) when (attempt < PortAttempts && cluster.PortWasTaken())
                {
                    continue; // another process took the port between our probe and the server's bind
                }
                await cluster.CreateDatabaseAsync(database, ct);
                AppDomain.CurrentDomain.ProcessExit += cluster.StopOnExit;
                return cluster;
            }
        }
        catch (LocalServerException e)
        {
            var log = ReadLog(Path.Combine(root, "server.log"));
            DeleteQuietly(root);
            throw log.Length == 0 ? e : new LocalServerException($"{e.Message}{Environment.NewLine}server log:{Environment.NewLine}{log}");
        }
        catch
        {
            DeleteQuietly(root);
            throw;
        }
    }

    /// <summary>Creates another database in the cluster (each test class or test can have its own).</summary>
    public Task CreateDatabaseAsync(string name, CancellationToken ct = default) =>
        ServerProcess.RunAsync(_binaries.CreateDb, ["-h", SocketDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", SuperUser, name],
            _root, ServiceAccount, ct);

    /// <summary>
    /// Stops the server as an outage would (fast shutdown: clients are disconnected), keeping the data directory and
    /// the port, so <see cref="StartServerAsync"/> brings the same database back.
    /// </summary>
    public Task StopServerAsync(CancellationToken ct = default) => PgCtlAsync(["stop", "-m", "fast", "-w"], ct);

    /// <summary>Starts the server again after <see cref="StopServerAsync"/>, on the same port.</summary>
    public Task StartServerAsync(CancellationToken ct = default) => PgCtlAsync(["start", "-w", "-t", "60", "-l", LogFile], ct);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        try
        {
            // Gone already when a sweep took it for an orphan.
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid"))) await PgCtlAsync(["stop", "-m", "immediate", "-w"], CancellationToken.None);
        }
        finally
        {
            DeleteQuietly(_root);
        }
    }

    /// <summary>A process that exits (or is told to stop) without disposing the cluster still stops its server.</summary>
    private void StopOnExit(object? sender, EventArgs e) => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static Task InitDbAsync(PostgresBinaries binaries, string root, CancellationToken ct) =>
        ServerProcess.RunAsync(binaries.InitDb,
            ["-D", Path.Combine(root, "data"), "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
            root, ServiceAccount, ct);

    /// <summary>
    /// Settings for a disposable server: loopback only, the socket inside our folder (not /var/run), and no
    /// durability, since the data dies with the cluster anyway.
    /// </summary>
    private async Task ConfigureAsync(CancellationToken ct)
    {
        var settings = new StringBuilder()
            .AppendLine("# written by CityMesh.LocalServers")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {Port}")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{SocketDirectory}'")
            .AppendLine("fsync = off")
            .AppendLine("synchronous_commit = off")
            .AppendLine("full_page_writes = off")
            .AppendLine("wal_level = minimal")
            .AppendLine("max_wal_senders = 0")
            .AppendLine("max_connections = 200")
            .AppendLine("shared_buffers = 1GB") // allocated as touched; a benchmark city of a million entities fits
            .AppendLine("max_parallel_workers_per_gather = 0")
            .AppendLine("checkpoint_timeout = 30min")
            .AppendLine("max_wal_size = 4GB")
            .AppendLine("logging_collector = off");
        // postgresql.auto.conf is read last and rewritten whole, so a retry on another port replaces the last try.
        var path = Path.Combine(DataDirectory, "postgresql.auto.conf");
        await File.WriteAllTextAsync(path, settings.ToString(), ct);
        await ServerProcess.GiveToAsync(path, ServiceAccount, ct);
    }

    private Task PgCtlAsync(IEnumerable<string> arguments, CancellationToken ct) =>
        ServerProcess.RunAsync(_binaries.PgCtl, ["-D", DataDirectory, .. arguments], _root, ServiceAccount, ct);

    private bool PortWasTaken() => ReadLog(LogFile).Contains("could not bind", StringComparison.OrdinalIgnoreCase);

    private static string ReadLog(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing a test's teardown over it is not.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
