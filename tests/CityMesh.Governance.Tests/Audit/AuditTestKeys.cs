using System.Security.Cryptography;
using CityMesh.Governance.Audit;

namespace CityMesh.Governance.Tests.Audit;

/// <summary>Fixed audit keys, so tests can seal and verify like the service and the verifier do.</summary>
internal static class AuditTestKeys
{
    public static readonly AuditKey K1 = new("k1", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    public static readonly AuditKey K2 = new("k2", Enumerable.Range(101, 40).Select(i => (byte)i).ToArray());

    /// <summary>Someone else's key under the same id as <see cref="K1"/>: what a forger without the secret would have to use.</summary>
    public static readonly AuditKey Forger = new("k1", Enumerable.Range(7, 32).Select(i => (byte)(i * 3)).ToArray());

    public static readonly AuditKeyRing Ring = new(K1);

    public static string Base64(AuditKey key) => Convert.ToBase64String(key.Secret);

    /// <summary>A fresh P-256 private key in PKCS#8 PEM, as an operator would mount it.</summary>
    public static string NewSigningPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>A signer and the keys that check it, as a witness holds them.</summary>
    public static (AuditCheckpointSigner Signer, AuditCheckpointKeys PublicKeys) NewSigner()
    {
        var signer = AuditCheckpointSigner.FromPem(NewSigningPem(), "test");
        return (signer, new AuditCheckpointKeys().Add(signer.PublicKeyPem, "test"));
    }
}
