using System.Security.Cryptography;

namespace CityMesh.Governance.Audit;

/// <summary>
/// Signs checkpoints with an ECDSA P-256 private key (PEM). The public key, printed at start and served at
/// <c>GET /governance/audit/checkpoints/public-key</c>, is what a witness keeps to check them without the secret.
/// </summary>
public sealed class AuditCheckpointSigner : IDisposable
{
    private readonly ECDsa _key;

    private AuditCheckpointSigner(ECDsa key)
    {
        _key = key;
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
        Id = IdOf(key);
    }

    /// <summary>The key's id, carried by every checkpoint it signs.</summary>
    public string Id { get; }

    public string PublicKeyPem { get; }

    /// <summary>The first 16 hex digits of the SHA-256 of the DER SubjectPublicKeyInfo: stable, and derivable from the public key alone.</summary>
    public static string IdOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    /// <summary>A signer from a PKCS#8 or SEC1 PEM (<c>openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt</c>).</summary>
    /// <param name="setting">Where the PEM came from, named in errors.</param>
    /// <exception cref="InvalidOperationException">Not a P-256 private key in PEM; the message names the setting.</exception>
    public static AuditCheckpointSigner FromPem(string pem, string setting)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                throw new InvalidOperationException($"{setting} is not a P-256 (prime256v1) key");
            // A public key alone imports too, but cannot sign.
            key.ExportParameters(true);
            return new AuditCheckpointSigner(key);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"{setting} is not an EC private key in PEM: {e.Message}");
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>A signer from a file holding the PEM, such as a mounted Kubernetes Secret.</summary>
    /// <exception cref="InvalidOperationException">The file cannot be read or is not a key; the message names the setting and the path.</exception>
    public static AuditCheckpointSigner FromFile(string path, string setting)
    {
        try
        {
            return FromPem(File.ReadAllText(path), $"{setting} ({path})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{setting}: cannot read the key file {path}: {e.Message}");
        }
    }

    /// <summary>A fresh key that lives as long as the process: the embedded mode's, whose log dies with it too.</summary>
    public static AuditCheckpointSigner Ephemeral() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>The checkpoint of <paramref name="head"/>, a log of <paramref name="head"/>.Sequence records, at <paramref name="at"/>.</summary>
    public AuditCheckpoint Sign(AuditHead head, DateTimeOffset at)
    {
        var unsigned = new AuditCheckpoint(head.Sequence, head.Hash, AuditChain.Truncate(at), head.Sequence, Id, "");
        var signature = _key.SignData(unsigned.PayloadBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return unsigned with { Signature = Convert.ToBase64String(signature) };
    }

    public void Dispose() => _key.Dispose();
}
