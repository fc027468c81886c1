using System.Text;

namespace CityMesh.Governance.Audit;

/// <summary>
/// A witness that appends each checkpoint as a JSON line to a file, flushed to disk before the export counts: mount it
/// from storage the database's administrators cannot rewrite (another host, a WORM volume), and give it to
/// <c>citymesh audit verify --witness</c>.
/// </summary>
public sealed class FileAuditWitness(string path) : IAuditWitness
{
    private readonly SemaphoreSlim _writing = new(1, 1);

    public string Name => $"file:{path}";

    public async Task ExportAsync(AuditCheckpoint checkpoint, CancellationToken ct = default)
    {
        var line = Encoding.UTF8.GetBytes(AuditWitnessJson.Serialize(checkpoint) + "\n");
        await _writing.WaitAsync(ct);
        try
        {
            await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            await file.WriteAsync(line, ct);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            _writing.Release();
        }
    }
}
