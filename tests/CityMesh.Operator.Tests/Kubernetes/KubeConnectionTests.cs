using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CityMesh.Kubernetes;
using CityMesh.Kubernetes.Fake;

namespace CityMesh.Operator.Tests.Kubernetes;

public sealed class KubeConnectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Kubeconfig(string user, string current = "dev", string contextUser = "bob") => Write("config", $"""
        apiVersion: v1
        kind: Config
        current-context: {current}
        clusters:
        - name: c1
          cluster:
            server: https://10.0.0.1:6443
            insecure-skip-tls-verify: true
        contexts:
        - name: dev
          context: {"{"}cluster: c1, user: {contextUser}, namespace: city{"}"}
        users:
        - name: bob
          user:
        {user}
        """);

    [Fact]
    public void Should_Read_Server_Namespace_And_Token()
    {
        var c = KubeConnection.FromKubeconfig(Kubeconfig("    token: abc"));
        Assert.Equal(new Uri("https://10.0.0.1:6443"), c.Server);
        Assert.Equal("city", c.DefaultNamespace);
        Assert.True(c.InsecureSkipTlsVerify);
        Assert.Equal("abc", c.Token!.GetToken());
    }

    [Fact]
    public void Should_Read_A_Token_File_Relative_To_The_Kubeconfig()
    {
        Write("tok", "from-file\n");
        var c = KubeConnection.FromKubeconfig(Kubeconfig("    tokenFile: tok"));
        Assert.Equal("from-file", c.Token!.GetToken());
    }

    [Fact]
    public void Should_Load_Embedded_Client_Certificate_Data()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=bob", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        string B64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
        var user = $"    client-certificate-data: {B64(cert.ExportCertificatePem())}\n    client-key-data: {B64(key.ExportPkcs8PrivateKeyPem())}";

        var c = KubeConnection.FromKubeconfig(Kubeconfig(user));

        Assert.NotNull(c.ClientCertificate);
        Assert.True(c.ClientCertificate!.HasPrivateKey);
        Assert.Equal("CN=bob", c.ClientCertificate.Subject);
        c.ClientCertificate.Dispose();
    }

    [Fact]
    public void Should_Name_A_Missing_Context_Or_User()
    {
        var path = Kubeconfig("    token: abc", contextUser: "alice");
        var noUser = Assert.Throws<KubeConfigException>(() => KubeConnection.FromKubeconfig(path));
        Assert.Equal($"kubeconfig {path}: context 'dev' names user 'alice', which is not in users", noUser.Message);

        var noContext = Assert.Throws<KubeConfigException>(() => KubeConnection.FromKubeconfig(path, "prod"));
        Assert.Contains("context 'prod' is not in contexts", noContext.Message, StringComparison.Ordinal);
        Assert.Contains(path, noContext.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deep", "nesting deeper than 64")]
    [InlineData("laughs", "nodes")]
    [InlineData("large", "bytes")]
    public void Should_Refuse_A_Kubeconfig_Past_The_Yaml_Limits_Naming_The_Limit(string kind, string named)
    {
        var path = Path.Combine(_dir, $"{kind}.yaml");
        var text = kind switch
        {
            "deep" => new string('[', 100_000),
            "laughs" => "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(0, 8).Select(i =>
                $"{(char)('b' + i)}: &{(char)('b' + i)} [{string.Join(", ", Enumerable.Repeat($"*{(char)('a' + i)}", 10))}]\n")),
            _ => "users: []\n# " + new string('x', 5_000_000) + "\n",
        };
        File.WriteAllText(path, text);
        var e = Assert.Throws<KubeConfigException>(() => KubeConnection.FromKubeconfig(path));
        Assert.StartsWith($"kubeconfig {path}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.Contains("CityMesh:Limits:Yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Refuse_Exec_Credentials_By_Name()
    {
        var e = Assert.Throws<KubeConfigException>(() => KubeConnection.FromKubeconfig(Kubeconfig("    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1}")));
        Assert.Contains("exec", e.Message, StringComparison.Ordinal);
        Assert.Contains("not support", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_Cluster_Should_Re_Read_The_Token_After_A_Minute()
    {
        Write("token", "first");
        Write("namespace", "city\n");
        var clock = new ManualTimeProvider();
        var env = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" };

        var c = KubeConnection.InCluster(_dir, clock, n => env.GetValueOrDefault(n));
        Assert.Equal(new Uri("https://10.96.0.1:443"), c.Server);
        Assert.Equal("city", c.DefaultNamespace);
        Assert.Equal("first", c.Token!.GetToken());

        Write("token", "rotated");
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("first", c.Token.GetToken());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("rotated", c.Token.GetToken());
    }

    [Fact]
    public void In_Cluster_Needs_Both_Service_Variables()
    {
        Write("token", "t");
        Assert.Throws<KubeConfigException>(() => KubeConnection.InCluster(_dir, null, n => n == "KUBERNETES_SERVICE_HOST" ? "h" : null));
    }
}
