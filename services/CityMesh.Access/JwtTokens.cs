using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CityMesh.Access;

/// <summary>
/// JSON Web Tokens signed with HS256 (RFC 7519, RFC 7515): minted here for tests and operators' scripts, checked by
/// the access handler. Only HS256 is accepted: the header's <c>alg</c> is never trusted to choose how to check, so
/// <c>none</c> and every other algorithm are refused.
/// </summary>
public static class JwtTokens
{
    /// <summary>RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>Tokens longer than this are refused before any parsing.</summary>
    public const int MaximumLength = 8192;

    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""");

    /// <summary>A token for <paramref name="subject"/> in <paramref name="role"/>, valid from now for <paramref name="lifetime"/>.</summary>
    public static string CreateHs256(string signingKey, string issuer, string audience, string subject, string role, TimeSpan lifetime,
        TimeProvider? clock = null, string roleClaim = "role")
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
        return CreateHs256(signingKey, new Dictionary<string, object?>
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = subject,
            [roleClaim] = role,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)lifetime.TotalSeconds,
        });
    }

    /// <summary>A token carrying exactly <paramref name="claims"/>, signed with <paramref name="signingKey"/> (UTF-8).</summary>
    public static string CreateHs256(string signingKey, IReadOnlyDictionary<string, object?> claims)
    {
        var key = Encoding.UTF8.GetBytes(signingKey);
        if (key.Length < MinimumKeyBytes) throw new ArgumentException($"an HS256 key needs at least {MinimumKeyBytes} bytes; this one has {key.Length}", nameof(signingKey));
        var signingInput = $"{Base64Url.EncodeToString(Header)}.{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        return $"{signingInput}.{Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)))}";
    }

    /// <summary>
    /// Checks <paramref name="token"/> against <paramref name="options"/> at <paramref name="now"/>: structure, algorithm,
    /// signature (constant time), <c>exp</c> (required), <c>nbf</c>, <c>iss</c>, <c>aud</c>, the role and the name.
    /// </summary>
    public static JwtCheck Check(string token, JwtOptions options, DateTimeOffset now) => Check(token, options, now, Roles.All);

    /// <param name="roles">The roles a token checked against <paramref name="options"/> may carry.</param>
    public static JwtCheck Check(string token, JwtOptions options, DateTimeOffset now, IReadOnlyList<string> roles)
    {
        if (token.Length > MaximumLength) return JwtCheck.Refused($"the token is longer than {MaximumLength} characters");
        var parts = token.Split('.');
        if (parts.Length != 3) return JwtCheck.Refused("the token is not a JWS compact serialization (three dot-separated parts)");
        if (Decode(parts[0]) is not { } headerBytes || ParseObject(headerBytes) is not { } header) return JwtCheck.Refused("the token's header is not base64url JSON");
        using (header)
        {
            var alg = header.RootElement.TryGetProperty("alg", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (alg != "HS256") return JwtCheck.Refused(alg is null ? "the token's header has no alg" : $"alg '{alg}' is refused; only HS256 is accepted");
            if (header.RootElement.TryGetProperty("crit", out _)) return JwtCheck.Refused("the token's header has critical extensions (crit), which are not supported");
        }

        if (Decode(parts[2]) is not { Length: 32 } signature) return JwtCheck.Refused("the token's signature is not an HS256 signature");
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.SigningKey), Encoding.ASCII.GetBytes(token[..(parts[0].Length + 1 + parts[1].Length)]));
        if (!CryptographicOperations.FixedTimeEquals(expected, signature)) return JwtCheck.Refused("the token's signature does not match");

        if (Decode(parts[1]) is not { } payloadBytes || ParseObject(payloadBytes) is not { } payload) return JwtCheck.Refused("the token's payload is not base64url JSON");
        using (payload)
        {
            var claims = payload.RootElement;
            if (NumericDate(claims, "exp") is not { } exp) return JwtCheck.Refused("the token has no exp (expiry) claim");
            if (now > exp + options.ClockSkew) return JwtCheck.Refused($"the token expired at {Iso(exp)}");
            if (claims.TryGetProperty("nbf", out _))
            {
                if (NumericDate(claims, "nbf") is not { } nbf) return JwtCheck.Refused("the token's nbf is not a NumericDate");
                if (now + options.ClockSkew < nbf) return JwtCheck.Refused($"the token is not valid before {Iso(nbf)}");
            }
            if (Text(claims, "iss") != options.Issuer) return JwtCheck.Refused("the token's issuer (iss) is not the one configured");
            if (!HasAudience(claims, options.Audience)) return JwtCheck.Refused("the token's audience (aud) is not this service");
            var role = Text(claims, options.RoleClaim);
            if (role is null) return JwtCheck.Refused($"the token has no '{options.RoleClaim}' claim (a single role as a string)");
            if (!roles.Contains(role)) return JwtCheck.Refused($"the token's role '{role}' is not one of {AccessOptionsValidation.ListOf(roles)}");
            var name = Text(claims, "sub") ?? Text(claims, "name");
            if (string.IsNullOrWhiteSpace(name)) return JwtCheck.Refused("the token has neither a sub nor a name claim");
            string? tenant = null;
            if (claims.TryGetProperty(options.TenantClaim, out var tenantClaim))
            {
                tenant = tenantClaim.ValueKind == JsonValueKind.String ? tenantClaim.GetString() : null;
                if (Tenants.NameProblem(tenant) is { } problem) return JwtCheck.Refused($"the token's '{options.TenantClaim}' claim is not a tenant: {problem}");
            }
            return new JwtCheck(name, role, null, tenant);
        }
    }

    private static byte[]? Decode(string part)
    {
        try
        {
            return Base64Url.DecodeFromChars(part);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static JsonDocument? ParseObject(byte[] json)
    {
        try
        {
            var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Seconds since the epoch, possibly fractional (RFC 7519 §2).</summary>
    private static DateTimeOffset? NumericDate(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds)
            && double.IsFinite(seconds) && Math.Abs(seconds) < 253_402_300_799
            ? DateTimeOffset.UnixEpoch.AddSeconds(seconds)
            : null;

    private static bool HasAudience(JsonElement claims, string audience)
    {
        if (!claims.TryGetProperty("aud", out var aud)) return false;
        return aud.ValueKind switch
        {
            JsonValueKind.String => aud.GetString() == audience,
            JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == audience),
            _ => false,
        };
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

/// <summary>What checking a token found: the caller's name, role and tenant (null: the city's), or why the token is refused.</summary>
public sealed record JwtCheck(string? Name, string? Role, string? Error, string? Tenant = null)
{
    public bool Valid => Error is null;

    internal static JwtCheck Refused(string error) => new(null, null, error);
}
