using CityMesh.Access;

namespace CityMesh.Governance.Tests.Access;

public sealed class AccessOptionsTests
{
    private static ApiKeyOptions Key(string name, string role, string? key = null, string? sha = null) =>
        new() { Name = name, Role = role, Key = key, KeySha256 = sha };

    [Fact]
    public void A_good_configuration_has_no_problems()
    {
        var options = new AccessOptions
        {
            ApiKeys = [Key("ops", Roles.Operator, key: "0123456789abcdef0123"), Key("auditor", Roles.Admin, sha: ApiKeyDigest.OfKey("x"))],
            Jwt = new JwtOptions { Issuer = "i", Audience = "a", SigningKey = new string('k', 32) },
        };

        Assert.Empty(AccessOptionsValidation.Problems(options));
    }

    [Fact]
    public void An_unknown_role_is_named_by_its_key()
    {
        var options = new AccessOptions { ApiKeys = [Key("ops", Roles.Operator, key: "0123456789abcdef0123"), Key("chief", "boss", key: "abcdef0123456789abcd")] };

        Assert.Equal(["CityMesh:Access:ApiKeys:1:Role is 'boss'; use viewer, data-provider, operator, scenario-author or admin"], AccessOptionsValidation.Problems(options));
    }

    [Fact]
    public void Each_key_problem_names_its_setting()
    {
        var options = new AccessOptions
        {
            ApiKeys =
            [
                Key("", Roles.Viewer, key: "0123456789abcdef0123"),
                Key("a", Roles.Viewer),
                Key("b", Roles.Viewer, key: "short"),
                Key("c", Roles.Viewer, key: "0123456789abcdef0123", sha: ApiKeyDigest.OfKey("y")),
                Key("d", Roles.Viewer, sha: "xyz"),
                Key("d", Roles.Viewer, sha: ApiKeyDigest.OfKey("0123456789abcdef0123")),
            ],
        };

        Assert.Equal(
        [
            "CityMesh:Access:ApiKeys:0:Name is required: it is the caller's name in the audit log",
            "CityMesh:Access:ApiKeys:1: give Key or KeySha256",
            "CityMesh:Access:ApiKeys:2:Key is 5 characters; use at least 16 (e.g. 32 random bytes, base64)",
            "CityMesh:Access:ApiKeys:3: give Key or KeySha256, not both",
            "CityMesh:Access:ApiKeys:4:KeySha256 is not 64 hexadecimal digits",
            "CityMesh:Access:ApiKeys:5:Name 'd' is used by another key; each caller needs its own name",
            "CityMesh:Access:ApiKeys:5: the same key is configured twice",
        ], AccessOptionsValidation.Problems(options));
    }

    [Fact]
    public void Jwt_problems_name_their_setting()
    {
        var options = new AccessOptions { Jwt = new JwtOptions { SigningKey = "too-short", ClockSkew = TimeSpan.FromHours(1) } };

        Assert.Equal(
        [
            "CityMesh:Access:Jwt:Issuer is required",
            "CityMesh:Access:Jwt:Audience is required",
            "CityMesh:Access:Jwt:SigningKey is 9 bytes; HS256 needs at least 32",
            "CityMesh:Access:Jwt:ClockSkew is 01:00:00; use 0 to 10 minutes",
        ], AccessOptionsValidation.Problems(options));
    }

    [Fact]
    public async Task A_bad_configuration_stops_the_host_at_start_with_the_setting_named()
    {
        var configuration = AccessHost.Configured();
        configuration["CityMesh:Access:ApiKeys:1:Role"] = "boss";

        // Refused while the host composes (ReadSettings), before anything is built or started.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AccessHost.StartAsync(configuration));

        Assert.Contains("CityMesh:Access:ApiKeys:1:Role is 'boss'; use viewer, data-provider, operator, scenario-author or admin", error.Message);
    }

    [Fact]
    public void Minting_refuses_a_short_key()
    {
        var error = Assert.Throws<ArgumentException>(() => JwtTokens.CreateHs256("short", "i", "a", "s", Roles.Viewer, TimeSpan.FromMinutes(1)));

        Assert.Contains("at least 32 bytes", error.Message);
    }

    [Fact]
    public void A_keys_tenant_must_be_a_tenant_name()
    {
        var options = new AccessOptions
        {
            ApiKeys =
            [
                Key("water", Roles.Operator, key: "0123456789abcdef0123") with { Tenant = "water-utility" },
                Key("bad", Roles.Operator, key: "abcdef0123456789abcd") with { Tenant = "Water_Utility" },
            ],
        };

        Assert.Equal(["CityMesh:Access:ApiKeys:1:Tenant: a tenant name is lowercase letters, digits and hyphens, starting with a letter (such as 'water-utility')"],
            AccessOptionsValidation.Problems(options));
    }
}
