using System.Text.Json;
using CityMesh.Governance.Audit;

namespace CityMesh.Governance.Tests.Audit;

public sealed class AuditChainTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static async Task<List<AuditRecord>> ChainAsync(int count = 5)
    {
        var log = new MemoryAuditLog(AuditTestKeys.Ring);
        for (var i = 1; i <= count; i++)
            await log.AppendAsync(new AuditEntry($"actor-{i}", "action.approved", $"action-{i}", Json($$$"""{"n":{{{i}}},"why":"peak","evidence":{"b":[1,2],"a":null}}""")));
        return [.. await log.ReadAsync(0, 1000)];
    }

    [Fact]
    public async Task An_untouched_chain_verifies_and_reports_its_head()
    {
        var chain = await ChainAsync();

        var result = AuditChain.Verify(chain, AuditTestKeys.Ring);

        Assert.True(result.Ok);
        Assert.Equal(5, result.Count);
        Assert.Equal(new AuditHead(5, chain[4].Hash), result.Head);
        Assert.Empty(result.Problems);
        Assert.Equal(AuditChain.Genesis, chain[0].PreviousHash);
        Assert.All(chain.Skip(1), (r, i) => Assert.Equal(chain[i].Hash, r.PreviousHash));
    }

    [Fact]
    public void An_empty_chain_verifies_with_no_head()
    {
        var result = AuditChain.Verify([], AuditTestKeys.Ring);

        Assert.True(result.Ok);
        Assert.Equal(0, result.Count);
        Assert.Null(result.Head);
    }

    public static TheoryData<string> Fields => ["at", "actor", "kind", "subject", "details", "details-order-kept-value-changed"];

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task Altering_one_field_of_any_record_is_detected_at_that_record(string field)
    {
        for (var target = 0; target < 5; target++)
        {
            var chain = await ChainAsync();
            var r = chain[target];
            chain[target] = field switch
            {
                "at" => r with { At = r.At.AddMicroseconds(1) },
                "actor" => r with { Actor = "someone-else" },
                "kind" => r with { Kind = "action.rejected" },
                "subject" => r with { Subject = "action-99" },
                "details" => r with { Details = Json("""{"n":0}""") },
                _ => r with { Details = Json(r.Details.GetRawText().Replace("peak", "calm")) },
            };

            var result = AuditChain.Verify(chain, AuditTestKeys.Ring);

            Assert.False(result.Ok);
            var problem = Assert.Single(result.Problems);
            Assert.Equal((target + 1, AuditProblemKind.Altered), (problem.Sequence, problem.Kind));
        }
    }

    [Fact]
    public async Task A_record_rehashed_after_altering_breaks_the_next_link()
    {
        var chain = await ChainAsync();
        var altered = chain[2] with { Actor = "mallory" };
        chain[2] = altered with { Hash = AuditChain.Mac(AuditTestKeys.K1, altered) };

        var problem = Assert.Single(AuditChain.Verify(chain, AuditTestKeys.Ring).Problems);

        Assert.Equal((4L, AuditProblemKind.BrokenLink), (problem.Sequence, problem.Kind));
    }

    [Fact]
    public async Task Removing_a_middle_record_is_a_gap_and_a_broken_link_at_the_next()
    {
        var chain = await ChainAsync();
        chain.RemoveAt(2);

        var result = AuditChain.Verify(chain, AuditTestKeys.Ring);

        Assert.False(result.Ok);
        Assert.Equal([(4L, AuditProblemKind.SequenceGap), (4L, AuditProblemKind.BrokenLink)], result.Problems.Select(p => (p.Sequence, p.Kind)));
        Assert.Equal("record 3 is missing", result.Problems[0].Message);
    }

    [Fact]
    public async Task Removing_the_first_record_is_detected()
    {
        var chain = await ChainAsync();
        chain.RemoveAt(0);

        var result = AuditChain.Verify(chain, AuditTestKeys.Ring);

        Assert.Equal([(2L, AuditProblemKind.SequenceGap), (2L, AuditProblemKind.BrokenLink)], result.Problems.Select(p => (p.Sequence, p.Kind)));
    }

    [Fact]
    public async Task Reordering_two_records_is_detected_at_both()
    {
        var chain = await ChainAsync();
        (chain[1], chain[2]) = (chain[2], chain[1]);

        var result = AuditChain.Verify(chain, AuditTestKeys.Ring);

        Assert.False(result.Ok);
        Assert.Contains(result.Problems, p => p is { Sequence: 3, Kind: AuditProblemKind.BrokenLink });
        Assert.Contains(result.Problems, p => p is { Sequence: 2, Kind: AuditProblemKind.OutOfOrder });
    }

    [Fact]
    public async Task Renumbering_records_to_hide_a_removal_is_detected_as_altered()
    {
        var chain = await ChainAsync();
        chain.RemoveAt(2);
        chain[2] = chain[2] with { Sequence = 3 };
        chain[3] = chain[3] with { Sequence = 4 };

        var result = AuditChain.Verify(chain, AuditTestKeys.Ring);

        Assert.Contains(result.Problems, p => p is { Sequence: 3, Kind: AuditProblemKind.Altered });
        Assert.Contains(result.Problems, p => p is { Sequence: 3, Kind: AuditProblemKind.BrokenLink });
    }

    [Fact]
    public async Task Truncating_the_tail_passes_alone_but_fails_against_the_expected_head()
    {
        var chain = await ChainAsync();
        var head = new AuditHead(5, chain[4].Hash);
        var truncated = chain.Take(3).ToList();

        Assert.True(AuditChain.Verify(truncated, AuditTestKeys.Ring).Ok);
        var result = AuditChain.Verify(truncated, AuditTestKeys.Ring, head);

        Assert.False(result.Ok);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((5L, AuditProblemKind.Truncated), (problem.Sequence, problem.Kind));
        Assert.Equal("the log ends at record 3, before the expected head 5: records were removed from the end", problem.Message);
    }

    [Fact]
    public async Task A_chain_that_grew_past_the_expected_head_verifies()
    {
        var chain = await ChainAsync();

        Assert.True(AuditChain.Verify(chain, AuditTestKeys.Ring, new AuditHead(3, chain[2].Hash)).Ok);
    }

    [Fact]
    public async Task A_tail_cut_and_rewritten_is_caught_by_the_expected_heads_hash()
    {
        var chain = await ChainAsync();
        var head = new AuditHead(5, chain[4].Hash);
        var rewritten = chain.Take(4).ToList();
        rewritten.Add(AuditChain.Next(new AuditHead(4, chain[3].Hash), new AuditEntry("mallory", "action.approved", "x", Json("{}")), DateTimeOffset.UtcNow, AuditTestKeys.K1));

        var result = AuditChain.Verify(rewritten, AuditTestKeys.Ring, head);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((5L, AuditProblemKind.Truncated), (problem.Sequence, problem.Kind));
        Assert.Empty(AuditChain.Verify(rewritten, AuditTestKeys.Ring).Problems);
    }

    [Fact]
    public void The_mac_does_not_depend_on_key_order_or_spacing_in_details()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var k = AuditTestKeys.K1;

        Assert.Equal(
            AuditChain.Mac(k, "k1", 1, at, "a", "k", "s", Json("""{"b":1,"a":{"y":[1,{"q":2,"p":3}],"x":"é\n"}}"""), AuditChain.Genesis),
            AuditChain.Mac(k, "k1", 1, at, "a", "k", "s", Json("""{ "a" : { "x":"\u00e9\n", "y":[ 1, {"p":3,"q":2} ] }, "b":1 }"""), AuditChain.Genesis));
        Assert.Equal("""{"a":{"x":"é\n","y":[1,{"p":3,"q":2}]},"b":1}""", CanonicalJson.Serialize(Json("""{"b":1,"a":{"y":[1,{"q":2,"p":3}],"x":"é\n"}}""")));
    }

    [Fact]
    public void Field_boundaries_are_unambiguous()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var details = Json("{}");

        var k = AuditTestKeys.K1;

        Assert.NotEqual(AuditChain.Mac(k, "k1", 1, at, "ab", "c", "s", details, AuditChain.Genesis), AuditChain.Mac(k, "k1", 1, at, "a", "bc", "s", details, AuditChain.Genesis));
        Assert.NotEqual(AuditChain.Mac(k, "k1", 1, at, "a", "k", "s", details, AuditChain.Genesis), AuditChain.Mac(k, "k1", 1, at.AddTicks(10), "a", "k", "s", details, AuditChain.Genesis));
        Assert.NotEqual(AuditChain.Mac(k, "k1", 1, at, "a", "k", "s", details, AuditChain.Genesis), AuditChain.Mac(k, "k2", 1, at, "a", "k", "s", details, AuditChain.Genesis));
    }

    private static byte[] Encoded(params string[] fields) => fields.SelectMany(f =>
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(f);
        return BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(utf8.Length)).Concat(utf8);
    }).ToArray();

    [Fact]
    public void The_mac_is_lowercase_hex_hmac_sha256_of_the_documented_encoding()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560);
        var bytes = Encoded("citymesh-audit-v2", "k1", "7", "2026-01-02T03:04:05.123456Z", "ops", "action.approved", "a-1", """{"a":1}""", AuditChain.Genesis);

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(AuditTestKeys.K1.Secret, bytes)),
            AuditChain.Mac(AuditTestKeys.K1, "k1", 7, at, "ops", "action.approved", "a-1", Json("""{ "a": 1 }"""), AuditChain.Genesis));
    }

    [Fact]
    public void The_legacy_hash_is_lowercase_hex_sha256_of_the_v1_encoding()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560);
        var bytes = Encoded("citymesh-audit-v1", "7", "2026-01-02T03:04:05.123456Z", "ops", "action.approved", "a-1", """{"a":1}""", AuditChain.Genesis);

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
            AuditChain.LegacyHash(7, at, "ops", "action.approved", "a-1", Json("""{ "a": 1 }"""), AuditChain.Genesis));
    }

    [Fact]
    public void Details_with_a_member_twice_are_refused()
    {
        Assert.Throws<ArgumentException>(() => AuditChain.Next(null, new AuditEntry("a", "k", "s", Json("""{"x":1,"x":2}""")), DateTimeOffset.UtcNow, AuditTestKeys.K1));
    }

    [Fact]
    public void An_entry_without_an_actor_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => AuditChain.Next(null, new AuditEntry(" ", "k", "s", Json("{}")), DateTimeOffset.UtcNow, AuditTestKeys.K1));

        Assert.Contains("every write is attributed", error.Message);
    }

    [Theory]
    [InlineData("12:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("12:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("0:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false)]
    [InlineData("12:0123", false)]
    [InlineData("-1:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false)]
    [InlineData("twelve", false)]
    public void Heads_parse_from_seq_colon_hash(string text, bool valid)
    {
        var head = AuditHead.TryParse(text);

        Assert.Equal(valid, head is not null);
        if (head is not null) Assert.Equal(text.ToLowerInvariant(), head.ToString());
    }
}
