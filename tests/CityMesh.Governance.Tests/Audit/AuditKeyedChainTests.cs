using System.Text.Json;
using CityMesh.Governance.Audit;

namespace CityMesh.Governance.Tests.Audit;

/// <summary>What the key adds: a record cannot be made, remade or relabelled without it; keys rotate; legacy records are sealed.</summary>
public sealed class AuditKeyedChainTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static AuditEntry Entry(int n, string actor = "ops-console") =>
        new(actor, "action.approved", $"action-{n}", JsonDocument.Parse($$$"""{"n":{{{n}}}}""").RootElement.Clone());

    private static List<AuditRecord> Chain(int count, params AuditKey[] keys)
    {
        var chain = new List<AuditRecord>();
        for (var i = 1; i <= count; i++)
        {
            var head = chain.Count == 0 ? null : new AuditHead(chain[^1].Sequence, chain[^1].Hash);
            chain.Add(AuditChain.Next(head, Entry(i), At.AddSeconds(i), keys[Math.Min(i - 1, keys.Length - 1)]));
        }
        return chain;
    }

    /// <summary>Records as written before logs were keyed: the v1 hash, no key id.</summary>
    private static List<AuditRecord> LegacyChain(int count)
    {
        var chain = new List<AuditRecord>();
        for (var i = 1; i <= count; i++)
        {
            var previous = chain.Count == 0 ? AuditChain.Genesis : chain[^1].Hash;
            var entry = Entry(i, "legacy-writer");
            chain.Add(new AuditRecord(i, At.AddSeconds(i), entry.Actor, entry.Kind, entry.Subject, entry.Details, previous,
                AuditChain.LegacyHash(i, At.AddSeconds(i), entry.Actor, entry.Kind, entry.Subject, entry.Details, previous)));
        }
        return chain;
    }

    [Fact]
    public void Records_carry_the_sealing_keys_id_and_verify_under_it()
    {
        var chain = Chain(3, AuditTestKeys.K1);

        Assert.All(chain, r => Assert.Equal("k1", r.KeyId));
        Assert.True(AuditChain.Verify(chain, AuditTestKeys.Ring).Ok);
    }

    [Fact]
    public void A_record_appended_with_a_forged_mac_is_detected_without_being_told_the_head()
    {
        var chain = Chain(4, AuditTestKeys.K1);
        // Linked and numbered perfectly, but made by someone without the key.
        chain.Add(AuditChain.Next(new AuditHead(4, chain[^1].Hash), Entry(5, "mallory"), At.AddSeconds(5), AuditTestKeys.Forger));

        var problem = Assert.Single(AuditChain.Verify(chain, AuditTestKeys.Ring).Problems);

        Assert.Equal((5L, AuditProblemKind.Altered), (problem.Sequence, problem.Kind));
        Assert.Contains("written without the key", problem.Message);
    }

    [Fact]
    public void A_record_appended_with_an_unkeyed_hash_is_detected()
    {
        var chain = Chain(2, AuditTestKeys.K1);
        var entry = Entry(3, "mallory");
        chain.Add(new AuditRecord(3, At, entry.Actor, entry.Kind, entry.Subject, entry.Details, chain[^1].Hash,
            AuditChain.LegacyHash(3, At, entry.Actor, entry.Kind, entry.Subject, entry.Details, chain[^1].Hash)));

        var problem = Assert.Single(AuditChain.Verify(chain, AuditTestKeys.Ring).Problems);

        Assert.Equal((3L, AuditProblemKind.Unkeyed), (problem.Sequence, problem.Kind));
    }

    [Fact]
    public void A_whole_chain_rewritten_under_another_key_fails_at_every_record()
    {
        var rewritten = Chain(4, AuditTestKeys.Forger);

        var result = AuditChain.Verify(rewritten, AuditTestKeys.Ring);

        Assert.False(result.Ok);
        Assert.Equal([1L, 2, 3, 4], result.Problems.Where(p => p.Kind == AuditProblemKind.Altered).Select(p => p.Sequence));
    }

    [Fact]
    public void A_chain_rewritten_under_an_unknown_key_id_is_reported_as_such()
    {
        var rewritten = Chain(2, new AuditKey("mallory-key", AuditTestKeys.Forger.Secret));

        var result = AuditChain.Verify(rewritten, AuditTestKeys.Ring);

        Assert.Equal([(1L, AuditProblemKind.UnknownKey), (2L, AuditProblemKind.UnknownKey)], result.Problems.Select(p => (p.Sequence, p.Kind)));
    }

    [Fact]
    public void Relabelling_a_record_to_another_key_of_the_ring_is_detected()
    {
        var chain = Chain(3, AuditTestKeys.K1);
        chain[1] = chain[1] with { KeyId = "k2" };

        var problem = Assert.Single(AuditChain.Verify(chain, new AuditKeyRing(AuditTestKeys.K1, AuditTestKeys.K2)).Problems);

        Assert.Equal((2L, AuditProblemKind.Altered), (problem.Sequence, problem.Kind));
    }

    [Fact]
    public void After_rotation_old_records_verify_with_the_old_key_and_new_ones_with_the_new()
    {
        var ring = new AuditKeyRing(AuditTestKeys.K1, AuditTestKeys.K2);
        // The same chain continued by a process whose ring has the new key last.
        var chain = Chain(3, AuditTestKeys.K1);
        chain.Add(AuditChain.Next(new AuditHead(3, chain[^1].Hash), Entry(4), At.AddSeconds(4), ring.Sealing));

        Assert.Equal(AuditTestKeys.K2, ring.Sealing);
        Assert.Equal(["k1", "k1", "k1", "k2"], chain.Select(r => r.KeyId));
        Assert.True(AuditChain.Verify(chain, ring).Ok);
        var withoutOld = AuditChain.Verify(chain, new AuditKeyRing(AuditTestKeys.K2));
        Assert.Equal([1L, 2, 3], withoutOld.Problems.Select(p => p.Sequence));
        Assert.All(withoutOld.Problems, p => Assert.Equal(AuditProblemKind.UnknownKey, p.Kind));
    }

    [Fact]
    public void A_key_given_without_an_id_is_tried_on_any_record()
    {
        var chain = Chain(2, AuditTestKeys.K1);

        Assert.True(AuditChain.Verify(chain, new AuditKeyRing(new AuditKey(null, AuditTestKeys.K1.Secret))).Ok);
        Assert.False(AuditChain.Verify(chain, new AuditKeyRing(new AuditKey(null, AuditTestKeys.Forger.Secret))).Ok);
    }

    [Fact]
    public void Legacy_records_sealed_by_a_keyed_record_verify_and_are_counted()
    {
        var chain = LegacyChain(3);
        chain.Add(AuditChain.Next(new AuditHead(3, chain[^1].Hash), Entry(4, "system:audit"), At.AddSeconds(4), AuditTestKeys.K1));

        var result = AuditChain.Verify(chain, AuditTestKeys.Ring);

        Assert.True(result.Ok, string.Join("; ", result.Problems.Select(p => p.Message)));
        Assert.Equal((4L, 3L), (result.Count, result.Legacy));
    }

    [Fact]
    public void Legacy_records_no_keyed_record_follows_are_not_trusted()
    {
        var result = AuditChain.Verify(LegacyChain(3), AuditTestKeys.Ring);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((3L, AuditProblemKind.Unkeyed), (problem.Sequence, problem.Kind));
    }

    [Fact]
    public void Rewriting_sealed_legacy_records_and_rehashing_them_breaks_at_the_seal()
    {
        var chain = LegacyChain(3);
        chain.Add(AuditChain.Next(new AuditHead(3, chain[^1].Hash), Entry(4, "system:audit"), At.AddSeconds(4), AuditTestKeys.K1));
        // The best a forger can do without the key: rewrite record 2 and recompute the unkeyed hashes after it.
        chain[1] = chain[1] with { Actor = "mallory" };
        chain[1] = chain[1] with { Hash = AuditChain.LegacyHash(chain[1]) };
        chain[2] = chain[2] with { PreviousHash = chain[1].Hash };
        chain[2] = chain[2] with { Hash = AuditChain.LegacyHash(chain[2]) };

        var brokenLink = Assert.Single(AuditChain.Verify(chain, AuditTestKeys.Ring).Problems);
        chain[3] = chain[3] with { PreviousHash = chain[2].Hash };
        var altered = Assert.Single(AuditChain.Verify(chain, AuditTestKeys.Ring).Problems);

        Assert.Equal((4L, AuditProblemKind.BrokenLink), (brokenLink.Sequence, brokenLink.Kind));
        Assert.Equal((4L, AuditProblemKind.Altered), (altered.Sequence, altered.Kind));
    }
}
