using System.Security.Cryptography.X509Certificates;
using YamlDotNet.RepresentationModel;

namespace CityMesh.Kubernetes;

public sealed partial record KubeConnection
{
    /// <summary>
    /// A connection from a kubeconfig (v1 shape, PROTOCOLS.md §2.1): <paramref name="path"/>, else the first path in
    /// KUBECONFIG, else ~/.kube/config; <paramref name="context"/>, else current-context. Relative file references
    /// resolve against the kubeconfig's folder, as kubectl does. exec plugins are not supported.
    /// </summary>
    public static KubeConnection FromKubeconfig(string? path = null, string? context = null)
    {
        path ??= DefaultKubeconfigPath();
        if (!File.Exists(path)) throw new KubeConfigException($"kubeconfig {path}: file does not exist");
        var doc = new KubeconfigDocument(path);
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string Resolve(string file) => Path.IsPathRooted(file) ? file : Path.Combine(baseDir, file);

        var contextName = context ?? doc.Root.Str("current-context")
            ?? throw doc.Error("no context given and current-context is not set");
        var ctx = doc.Named("contexts", contextName, "context", $"context '{contextName}'");
        var clusterName = ctx.Str("cluster") ?? throw doc.Error($"context '{contextName}' has no cluster");
        var userName = ctx.Str("user");
        var cluster = doc.Named("clusters", clusterName, "cluster", $"context '{contextName}' names cluster '{clusterName}', which");
        var server = cluster.Str("server") ?? throw doc.Error($"cluster '{clusterName}' has no server");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var serverUri))
            throw doc.Error($"cluster '{clusterName}' server '{server}' is not an absolute URL");

        var connection = new KubeConnection(serverUri, ctx.Str("namespace") ?? "default")
        {
            InsecureSkipTlsVerify = string.Equals(cluster.Str("insecure-skip-tls-verify"), "true", StringComparison.OrdinalIgnoreCase),
            CertificateAuthority = LoadCa(doc, clusterName, cluster, Resolve),
        };
        if (userName is null) return connection;

        var user = doc.Named("users", userName, "user", $"context '{contextName}' names user '{userName}', which");
        if (user.Node("exec") is not null)
            throw doc.Error($"user '{userName}' uses exec credentials, which CityMesh does not support; use a token, tokenFile or client certificate");
        if (user.Node("auth-provider") is not null)
            throw doc.Error($"user '{userName}' uses an auth-provider, which CityMesh does not support; use a token, tokenFile or client certificate");

        IKubeTokenSource? token = user.Str("token") is { Length: > 0 } t ? new StaticTokenSource(t)
            : user.Str("tokenFile") is { Length: > 0 } tf ? new CachedFileTokenSource(Resolve(tf), TimeProvider.System)
            : null;
        return connection with { Token = token, ClientCertificate = LoadClientCertificate(doc, userName, user, Resolve) };
    }

    private static string DefaultKubeconfigPath()
    {
        var env = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(env))
            return env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)[0];
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
    }

    private static X509Certificate2Collection? LoadCa(KubeconfigDocument doc, string name, YamlMappingNode cluster, Func<string, string> resolve)
    {
        var pem = doc.PemOf(cluster, "certificate-authority-data", "certificate-authority", $"cluster '{name}'", resolve);
        if (pem is null) return null;
        var ca = new X509Certificate2Collection();
        try { ca.ImportFromPem(pem); }
        catch (System.Security.Cryptography.CryptographicException e)
        { throw doc.Error($"cluster '{name}' certificate-authority is not a PEM certificate: {e.Message}"); }
        return ca;
    }

    private static X509Certificate2? LoadClientCertificate(KubeconfigDocument doc, string name, YamlMappingNode user, Func<string, string> resolve)
    {
        var cert = doc.PemOf(user, "client-certificate-data", "client-certificate", $"user '{name}'", resolve);
        var key = doc.PemOf(user, "client-key-data", "client-key", $"user '{name}'", resolve);
        if (cert is null && key is null) return null;
        if (cert is null || key is null)
            throw doc.Error($"user '{name}' needs both client-certificate and client-key");
        try
        {
            using var ephemeral = X509Certificate2.CreateFromPem(cert, key);
            // SslStream on Windows cannot use an ephemeral key; a PKCS#12 round trip gives a usable one everywhere.
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw doc.Error($"user '{name}' client-certificate/client-key is not a PEM certificate and key: {e.Message}");
        }
    }
}
