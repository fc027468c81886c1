namespace CityMesh.LocalServers;

/// <summary>
/// The PostgreSQL server programs of the newest installed major version, as Debian lays them out
/// (<c>/usr/lib/postgresql/&lt;major&gt;/bin</c>, extensions under <c>/usr/share/postgresql/&lt;major&gt;</c>).
/// </summary>
public sealed record PostgresBinaries(int MajorVersion, string BinDirectory)
{
    public const string InstallHint = "install the Debian packages postgresql and postgis (apt-get install postgresql postgis)";

    private const string DebianRoot = "/usr/lib/postgresql";

    public string InitDb => Path.Combine(BinDirectory, "initdb");
    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");
    public string CreateDb => Path.Combine(BinDirectory, "createdb");

    /// <summary>True when this version's PostGIS extension is installed.</summary>
    public bool HasPostGis => File.Exists($"/usr/share/postgresql/{MajorVersion}/extension/postgis.control");

    public static PostgresBinaries? TryFind()
    {
        if (!Directory.Exists(DebianRoot)) return null;
        return Directory.EnumerateDirectories(DebianRoot)
            .Select(dir => (Dir: dir, Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
            .Where(x => x.Version > 0)
            .OrderByDescending(x => x.Version)
            .Select(x => new PostgresBinaries(x.Version, Path.Combine(x.Dir, "bin")))
            .FirstOrDefault(b => File.Exists(b.InitDb) && File.Exists(b.PgCtl) && File.Exists(b.CreateDb));
    }

    public static PostgresBinaries Find() =>
        TryFind() ?? throw new LocalServerException($"PostgreSQL server binaries not found under {DebianRoot}/<version>/bin: {InstallHint}.");
}
