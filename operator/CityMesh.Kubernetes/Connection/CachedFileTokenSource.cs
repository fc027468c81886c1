namespace CityMesh.Kubernetes;

/// <summary>
/// A token read from a file and re-read at most every <see cref="Period"/>: the kubelet rotates projected
/// service-account tokens, and client-go caches the file for one minute (PROTOCOLS.md §2.1).
/// </summary>
public sealed class CachedFileTokenSource(string path, TimeProvider time) : IKubeTokenSource
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private string? _token;
    private DateTimeOffset _readAt;

    public string Path { get; } = path;

    public string? GetToken()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_token is null || now - _readAt >= Period)
            {
                try
                {
                    _token = File.ReadAllText(Path).Trim();
                    _readAt = now;
                }
                catch (IOException) when (_token is not null)
                {
                    // A rotation in progress must not break requests: keep the last token and try again next time.
                }
            }
            return _token;
        }
    }
}
