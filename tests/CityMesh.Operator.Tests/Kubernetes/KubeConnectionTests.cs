using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CityMesh.Operator.Kube;
using k8s;

namespace CityMesh.Operator.Tests.Kubernetes;

/// <summary>Environment variables are process-wide, so these tests run alone.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>
/// How the operator finds its API server: in cluster when the service account is mounted and the service
/// variables are set, else the kubeconfig KUBECONFIG names, else a clear error saying what was looked for.
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class KubeConnectionTests : IDisposable
{
    private static readonly string[] Variables = ["KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "KUBECONFIG"];

    // KubernetesClient reads the service account from this fixed path, kept in a field it leaves settable for tests.
    private static readonly FieldInfo ServiceAccountPath = typeof(KubernetesClientConfiguration)
        .GetField("ServiceAccountPath", BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new InvalidOperationException("KubernetesClientConfiguration.ServiceAccountPath is gone; update this test");

    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private readonly object? _savedPath = ServiceAccountPath.GetValue(null);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kubeconnection-");

    public KubeConnectionTests()
    {
        foreach (var v in Variables) Environment.SetEnvironmentVariable(v, null);
        // An empty service account directory: nothing mounted unless a test writes it.
        ServiceAccountPath.SetValue(null, Path.Combine(_dir.FullName, "serviceaccount"));
    }

    public void Dispose()
    {
        foreach (var (v, value) in _saved) Environment.SetEnvironmentVariable(v, value);
        ServiceAccountPath.SetValue(null, _savedPath);
        _dir.Delete(recursive: true);
    }

    private string Kubeconfig(string server, string token, string ns)
    {
        var path = Path.Combine(_dir.FullName, "config");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: dev-cluster
              cluster:
                server: {server}
                insecure-skip-tls-verify: true
            - name: other-cluster
              cluster:
                server: https://other.invalid:6443
            users:
            - name: dev-user
              user:
                token: {token}
            contexts:
            - name: other
              context:
                cluster: other-cluster
                user: dev-user
            - name: dev
              context:
                cluster: dev-cluster
                user: dev-user
                namespace: {ns}
            """);
        return path;
    }

    private void MountServiceAccount(string token, string ns)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir.FullName, "serviceaccount"));
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=test-cluster-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(dir.FullName, "ca.crt"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir.FullName, "token"), token);
        File.WriteAllText(Path.Combine(dir.FullName, "namespace"), ns);
    }

    [Fact]
    public void Should_Use_The_Current_Context_Of_The_Kubeconfig_Outside_A_Cluster()
    {
        Environment.SetEnvironmentVariable("KUBECONFIG", Kubeconfig("https://dev.example:6443", "dev-token", "city"));

        var config = KubeConnection.FromEnvironment();

        Assert.Equal(new Uri("https://dev.example:6443"), new Uri(config.Host));
        Assert.Equal("dev-token", config.AccessToken);
        Assert.Equal("city", config.Namespace);
        Assert.True(config.SkipTlsVerify);
    }

    [Fact]
    public void Should_Use_The_Service_Account_In_A_Cluster_Even_With_A_Kubeconfig_Set()
    {
        Environment.SetEnvironmentVariable("KUBECONFIG", Kubeconfig("https://dev.example:6443", "dev-token", "city"));
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "10.96.0.1");
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", "443");
        MountServiceAccount("pod-token", "traffic");

        var config = KubeConnection.FromEnvironment();

        var host = new Uri(config.Host);
        Assert.Equal(("https", "10.96.0.1", 443), (host.Scheme, host.Host, host.Port));
        Assert.Equal("traffic", config.Namespace);
        Assert.NotNull(config.SslCaCerts);
        Assert.Single(config.SslCaCerts);
        Assert.NotEqual("dev-token", config.AccessToken);
    }

    [Fact]
    public void Should_Fall_Back_To_The_Kubeconfig_When_The_Service_Variables_Are_Set_But_No_Account_Is_Mounted()
    {
        Environment.SetEnvironmentVariable("KUBECONFIG", Kubeconfig("https://dev.example:6443", "dev-token", "city"));
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "10.96.0.1");
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", "443");

        var config = KubeConnection.FromEnvironment();

        Assert.Equal(new Uri("https://dev.example:6443"), new Uri(config.Host));
    }

    [Fact]
    public void Should_Say_What_It_Looked_For_When_Neither_A_Cluster_Nor_A_Kubeconfig_Is_There()
    {
        var missing = Path.Combine(_dir.FullName, "no-such-config");
        Environment.SetEnvironmentVariable("KUBECONFIG", missing);

        var e = Assert.Throws<InvalidOperationException>(KubeConnection.FromEnvironment);

        Assert.Contains("not in a cluster", e.Message, StringComparison.Ordinal);
        Assert.Contains("KUBERNETES_SERVICE_HOST", e.Message, StringComparison.Ordinal);
        Assert.Contains("KUBECONFIG", e.Message, StringComparison.Ordinal);
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.IsType<k8s.Exceptions.KubeConfigException>(e.InnerException);
    }

    [Fact]
    public void Should_Give_The_Same_Clear_Error_For_A_Kubeconfig_Without_A_Usable_Context()
    {
        var path = Path.Combine(_dir.FullName, "empty-config");
        File.WriteAllText(path, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n");
        Environment.SetEnvironmentVariable("KUBECONFIG", path);

        var e = Assert.Throws<InvalidOperationException>(KubeConnection.FromEnvironment);

        Assert.Contains("No Kubernetes API server to talk to", e.Message, StringComparison.Ordinal);
        Assert.IsType<k8s.Exceptions.KubeConfigException>(e.InnerException);
    }
}
