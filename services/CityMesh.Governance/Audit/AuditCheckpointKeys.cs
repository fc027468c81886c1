using System.Security.Cryptography;

namespace CityMesh.Governance.Audit;

/// <summary>The public keys a verifier trusts to have signed checkpoints, by id; a retired signer's key stays here to check its checkpoints.</summary>
public sealed class AuditCheckpointKeys : IDisposable
{
    private readonly Dictionary<string, ECDsa> _keys = [];
    private readonly List<AuditPublicKey> _published = [];

    /// <summary>The keys held, in the order added, as a witness would keep them.</summary>
    public IReadOnlyList<AuditPublicKey> PublicKeys => _published;

    /// <summary>Adds a public (or private: only its public half is used) key in PEM.</summary>
    /// <param name="source">Where the PEM came from, named in errors.</param>
    /// <exception cref="InvalidOperationException">Not an EC P-256 key in PEM.</exception>
    public AuditCheckpointKeys Add(string pem, string source)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                throw new InvalidOperationException($"{source} is not a P-256 (prime256v1) key");
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"{source} is not an EC public key in PEM: {e.Message}");
        }
        var id = AuditCheckpointSigner.IdOf(key);
        if (_keys.TryAdd(id, key)) _published.Add(new AuditPublicKey(id, key.ExportSubjectPublicKeyInfoPem()));
        else key.Dispose();
        return this;
    }

    /// <summary>Whether <paramref name="checkpoint"/>'s signature is good, by a key held here.</summary>
    public AuditCheckpointCheck Check(AuditCheckpoint checkpoint)
    {
        if (!_keys.TryGetValue(checkpoint.Signer, out var key)) return AuditCheckpointCheck.UnknownSigner;
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(checkpoint.Signature);
        }
        catch (FormatException)
        {
            return AuditCheckpointCheck.BadSignature;
        }
        return key.VerifyData(checkpoint.PayloadBytes(), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
            ? AuditCheckpointCheck.Good
            : AuditCheckpointCheck.BadSignature;
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values) key.Dispose();
    }
}

/// <summary>A checkpoint signer's public key and its id, as served to witnesses.</summary>
public sealed record AuditPublicKey(string Id, string Pem);

public enum AuditCheckpointCheck
{
    Good,
    BadSignature,
    UnknownSigner,
}
