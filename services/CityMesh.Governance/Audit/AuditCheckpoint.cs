using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace CityMesh.Governance.Audit;

/// <summary>
/// A signed statement that the log reached <see cref="Sequence"/> with <see cref="Hash"/> at <see cref="At"/>. Kept
/// outside the database (a witness), it proves later that no record up to it was removed or rewritten, which the chain
/// alone cannot show for records cut from the end. Anyone with the signer's public key can check it; only the service
/// holding the private key can make one.
/// </summary>
/// <param name="Count">Records in the log at that point (the sequence, as the chain has no gaps); signed so a reader need not infer it.</param>
/// <param name="Signer">The signing key's id (<see cref="AuditCheckpointSigner.IdOf"/>): which public key checks it.</param>
/// <param name="Signature">Base64 of the DER-encoded ECDSA P-256 SHA-256 signature over <see cref="Payload"/>.</param>
public sealed record AuditCheckpoint(long Sequence, string Hash, DateTimeOffset At, long Count, string Signer, string Signature)
{
    public const string Version = "citymesh-audit-checkpoint-v1";

    /// <summary>
    /// What is signed: the UTF-8 lines <c>citymesh-audit-checkpoint-v1</c>, sequence, hash, time (as records format
    /// it), count and signer, each ended by <c>\n</c>. None of them can hold a line break, so the text is unambiguous,
    /// and a witness can check it with <c>openssl dgst -sha256 -verify public.pem -signature sig.der payload</c>.
    /// </summary>
    [JsonIgnore]
    public string Payload => string.Create(CultureInfo.InvariantCulture,
        $"{Version}\n{Sequence}\n{Hash}\n{AuditChain.FormatTime(At)}\n{Count}\n{Signer}\n");

    public byte[] PayloadBytes() => Encoding.UTF8.GetBytes(Payload);

    [JsonIgnore]
    public AuditHead Head => new(Sequence, Hash);
}
