using System.Security.Cryptography.X509Certificates;

namespace CityMesh.Kubernetes;

public sealed partial record KubeConnection
{
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>
    /// The pod's own connection: <c>https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT</c>, the service
    /// account's token (re-read every minute), CA and namespace. The directory and time are parameters for tests.
    /// </summary>
    public static KubeConnection InCluster(string? serviceAccountDirectory = null, TimeProvider? time = null,
        Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var dir = serviceAccountDirectory ?? ServiceAccountDirectory;
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
            throw new KubeConfigException("in-cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set");

        var tokenPath = Path.Combine(dir, "token");
        if (!File.Exists(tokenPath))
            throw new KubeConfigException($"in-cluster: token file {tokenPath} does not exist");
        var caPath = Path.Combine(dir, "ca.crt");
        var nsPath = Path.Combine(dir, "namespace");

        // An IPv6 service host needs brackets in a URI.
        var hostPart = host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
        var ca = new X509Certificate2Collection();
        if (File.Exists(caPath)) ca.ImportFromPemFile(caPath);
        return new KubeConnection(new Uri($"https://{hostPart}:{port}"),
            File.Exists(nsPath) ? File.ReadAllText(nsPath).Trim() : "default")
        {
            Token = new CachedFileTokenSource(tokenPath, time ?? TimeProvider.System),
            CertificateAuthority = ca.Count > 0 ? ca : null,
        };
    }
}
