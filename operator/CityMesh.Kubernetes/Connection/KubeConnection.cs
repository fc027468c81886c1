using System.Security.Cryptography.X509Certificates;

namespace CityMesh.Kubernetes;

/// <summary>
/// How to reach an API server: its address, the namespace to use when none is given, the bearer token, the client
/// certificate and how to trust the server (a CA bundle, or not at all when <see cref="InsecureSkipTlsVerify"/>).
/// </summary>
public sealed partial record KubeConnection(Uri Server, string DefaultNamespace = "default")
{
    public IKubeTokenSource? Token { get; init; }

    /// <summary>A certificate with its private key, for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Roots to trust instead of the system store; null trusts the system store.</summary>
    public X509Certificate2Collection? CertificateAuthority { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>In cluster when the service-host variables are set (as client-go decides), else the kubeconfig.</summary>
    public static KubeConnection FromEnvironment() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"))
        && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"))
            ? InCluster()
            : FromKubeconfig();
}
