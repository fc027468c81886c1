using System.Security.Cryptography;
using System.Text.Json;
using CityMesh.Governance.Audit;

namespace CityMesh.Governance.Tests.Audit;

/// <summary>Signed heads: who can check them, what a bad one looks like, and what they catch in a chain.</summary>
public sealed class AuditCheckpointTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static async Task<List<AuditRecord>> ChainAsync(int count)
    {
        var log = new MemoryAuditLog(AuditTestKeys.Ring);
        for (var i = 1; i <= count; i++)
            await log.AppendAsync(new AuditEntry("ops-console", "action.approved", $"action-{i}", JsonDocument.Parse("{}").RootElement.Clone()));
        return [.. await log.ReadAsync(0, 1000)];
    }

    private static AuditHead HeadOf(AuditRecord record) => new(record.Sequence, record.Hash);

    [Fact]
    public void A_checkpoint_verifies_with_the_public_key_alone()
    {
        var (signer, keys) = AuditTestKeys.NewSigner();
        using (signer)
        using (keys)
        {
            var checkpoint = signer.Sign(new AuditHead(7, new string('a', 64)), At.AddTicks(1234567));

            Assert.Equal(AuditCheckpointCheck.Good, keys.Check(checkpoint));
            Assert.Equal((7L, 7L, signer.Id), (checkpoint.Sequence, checkpoint.Count, checkpoint.Signer));
            Assert.Equal(At.AddTicks(1234560), checkpoint.At);
            // What a witness does with openssl: the documented payload, the DER signature, the public key.
            using var witness = ECDsa.Create();
            witness.ImportFromPem(signer.PublicKeyPem);
            var payload = $"citymesh-audit-checkpoint-v1\n7\n{new string('a', 64)}\n2026-03-01T08:00:00.123456Z\n7\n{signer.Id}\n";
            Assert.Equal(payload, checkpoint.Payload);
            Assert.True(witness.VerifyData(System.Text.Encoding.UTF8.GetBytes(payload), Convert.FromBase64String(checkpoint.Signature),
                HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }
    }

    public static TheoryData<string> Tampered => ["hash", "sequence", "at", "count", "signature"];

    [Theory]
    [MemberData(nameof(Tampered))]
    public void A_checkpoint_changed_after_signing_has_a_bad_signature(string field)
    {
        var (signer, keys) = AuditTestKeys.NewSigner();
        using (signer)
        using (keys)
        {
            var c = signer.Sign(new AuditHead(7, new string('a', 64)), At);
            var tampered = field switch
            {
                "hash" => c with { Hash = new string('b', 64) },
                "sequence" => c with { Sequence = 8 },
                "at" => c with { At = At.AddSeconds(1) },
                "count" => c with { Count = 6 },
                _ => c with { Signature = Convert.ToBase64String(new byte[70]) },
            };

            Assert.Equal(AuditCheckpointCheck.BadSignature, keys.Check(tampered));
        }
    }

    [Fact]
    public void A_checkpoint_by_a_key_the_verifier_does_not_hold_is_unknown()
    {
        var (signer, _) = AuditTestKeys.NewSigner();
        var (_, otherKeys) = AuditTestKeys.NewSigner();
        using (signer)
        using (otherKeys)
            Assert.Equal(AuditCheckpointCheck.UnknownSigner, otherKeys.Check(signer.Sign(new AuditHead(1, new string('a', 64)), At)));
    }

    [Fact]
    public void The_signer_id_is_derived_from_the_public_key()
    {
        var pem = AuditTestKeys.NewSigningPem();
        using var a = AuditCheckpointSigner.FromPem(pem, "a");
        using var b = AuditCheckpointSigner.FromPem(pem, "b");
        using var keys = new AuditCheckpointKeys().Add(a.PublicKeyPem, "witness");

        Assert.Equal(a.Id, b.Id);
        Assert.Equal(a.Id, Assert.Single(keys.PublicKeys).Id);
        Assert.Matches("^[0-9a-f]{16}$", a.Id);
    }

    [Theory]
    [InlineData("not a pem", "is not an EC private key in PEM")]
    [InlineData("p384", "is not a P-256 (prime256v1) key")]
    [InlineData("public", "is not an EC private key in PEM")]
    public void A_signing_key_that_is_not_a_p256_private_key_is_refused_naming_the_setting(string kind, string message)
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = kind switch
        {
            "p384" => p384.ExportPkcs8PrivateKeyPem(),
            "public" => p256.ExportSubjectPublicKeyInfoPem(),
            _ => kind,
        };

        var error = Assert.Throws<InvalidOperationException>(() => AuditCheckpointSigner.FromPem(pem, "CityMesh:Governance:Audit:Checkpoints:SigningKey"));

        Assert.StartsWith("CityMesh:Governance:Audit:Checkpoints:SigningKey ", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task A_tail_cut_after_a_checkpoint_is_detected_without_being_told_the_head()
    {
        var chain = await ChainAsync(6);
        var (signer, keys) = AuditTestKeys.NewSigner();
        using (signer)
        {
            using var evidence = new AuditCheckpointEvidence(keys).Add(signer.Sign(HeadOf(chain[4]), At), "checkpoint table");

            var result = AuditChain.Verify(chain.Take(3), AuditTestKeys.Ring, checkpoints: evidence);

            var problem = Assert.Single(result.Problems);
            Assert.Equal((5L, AuditProblemKind.Truncated), (problem.Sequence, problem.Kind));
            Assert.Equal("the log ends at record 3, before the signed checkpoint at record 5 (checkpoint table): records were removed from the end", problem.Message);
        }
    }

    [Fact]
    public async Task A_log_that_reaches_its_checkpoints_verifies_and_counts_them()
    {
        var chain = await ChainAsync(6);
        var (signer, keys) = AuditTestKeys.NewSigner();
        using (signer)
        {
            using var evidence = new AuditCheckpointEvidence(keys)
                .Add([signer.Sign(HeadOf(chain[1]), At), signer.Sign(HeadOf(chain[4]), At.AddMinutes(5))], "checkpoint table")
                .Add(signer.Sign(HeadOf(chain[4]), At.AddMinutes(5)), "witness file");

            var result = AuditChain.Verify(chain, AuditTestKeys.Ring, checkpoints: evidence);

            Assert.True(result.Ok, string.Join("; ", result.Problems.Select(p => p.Message)));
            Assert.Equal(2, result.Checkpoints);
            Assert.Equal(5, result.LatestCheckpoint!.Sequence);
        }
    }

    [Fact]
    public async Task A_tail_cut_and_rewritten_with_the_key_still_differs_at_the_checkpoint()
    {
        var chain = await ChainAsync(5);
        var (signer, keys) = AuditTestKeys.NewSigner();
        using (signer)
        {
            using var evidence = new AuditCheckpointEvidence(keys).Add(signer.Sign(HeadOf(chain[4]), At), "witness file");
            var rewritten = chain.Take(4).ToList();
            rewritten.Add(AuditChain.Next(HeadOf(chain[3]), new AuditEntry("insider", "action.approved", "x", JsonDocument.Parse("{}").RootElement.Clone()),
                At, AuditTestKeys.K1));

            var problem = Assert.Single(AuditChain.Verify(rewritten, AuditTestKeys.Ring, checkpoints: evidence).Problems);

            Assert.Equal((5L, AuditProblemKind.Truncated), (problem.Sequence, problem.Kind));
        }
    }

    [Fact]
    public async Task A_checkpoint_with_a_bad_signature_is_reported_and_not_used()
    {
        var chain = await ChainAsync(3);
        var (signer, keys) = AuditTestKeys.NewSigner();
        using (signer)
        {
            // A forged checkpoint claiming more records than there are: only its signature gives it away.
            var forged = signer.Sign(new AuditHead(9, new string('c', 64)), At) with { Sequence = 10 };
            using var evidence = new AuditCheckpointEvidence(keys).Add(forged, "checkpoint table");

            var result = AuditChain.Verify(chain, AuditTestKeys.Ring, checkpoints: evidence);

            var problem = Assert.Single(result.Problems);
            Assert.Equal((10L, AuditProblemKind.BadCheckpoint), (problem.Sequence, problem.Kind));
            Assert.Contains("bad signature", problem.Message);
            Assert.Null(result.LatestCheckpoint);
        }
    }

    [Fact]
    public async Task A_checkpoint_by_an_unknown_signer_is_reported()
    {
        var chain = await ChainAsync(3);
        var (signer, _) = AuditTestKeys.NewSigner();
        var (_, otherKeys) = AuditTestKeys.NewSigner();
        using (signer)
        {
            using var evidence = new AuditCheckpointEvidence(otherKeys).Add(signer.Sign(HeadOf(chain[2]), At), "witness file w.jsonl");

            var problem = Assert.Single(AuditChain.Verify(chain, AuditTestKeys.Ring, checkpoints: evidence).Problems);

            Assert.Equal((3L, AuditProblemKind.BadCheckpoint), (problem.Sequence, problem.Kind));
            Assert.Contains($"signed by key {signer.Id}, whose public key this verifier does not hold", problem.Message);
        }
    }

    [Fact]
    public void Two_signed_checkpoints_that_disagree_are_reported()
    {
        var (signer, keys) = AuditTestKeys.NewSigner();
        using (signer)
        {
            using var evidence = new AuditCheckpointEvidence(keys)
                .Add(signer.Sign(new AuditHead(2, new string('a', 64)), At), "witness file")
                .Add(signer.Sign(new AuditHead(2, new string('b', 64)), At), "checkpoint table");

            var result = AuditChain.Verify([], AuditTestKeys.Ring, checkpoints: evidence);

            Assert.Contains(result.Problems, p => p is { Sequence: 2, Kind: AuditProblemKind.BadCheckpoint } && p.Message.Contains("disagree"));
        }
    }
}
