using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CityMesh.Access;

/// <summary>
/// How one CityMesh service proves itself to another: a short-lived HS256 token for <c>service:NAME</c> in the role
/// <see cref="Roles.Service"/>, signed with the city's shared <see cref="AccessOptions.ServiceKey"/>. The receiving
/// service knows the caller is a CityMesh service and which one it says it is; what each service may do is decided
/// where the request lands (only <c>service:governance</c> changes what governance owns, for example).
/// </summary>
public sealed class ServiceIdentity
{
    public const int MinimumKeyBytes = JwtTokens.MinimumKeyBytes;
    public const string Issuer = "citymesh-services";
    public const string Audience = "citymesh";
    public const string NamePrefix = "service:";

    /// <summary>The governance service, whose executed actions are the only writes of what governance owns.</summary>
    public const string Governance = "governance";

    /// <summary>The health service, the city's ambulance dispatch: the system of record of emergency calls.</summary>
    public const string Health = "health";

    /// <summary>The safety service, whose live hydraulics compute the water network's pressures, flows and tank levels.</summary>
    public const string Safety = "safety";

    /// <summary>The energy service, whose live power flow computes the grid's voltages and loading, and the roofs' solar potential.</summary>
    public const string Energy = "energy";

    /// <summary>Tokens live this long; one is reused until it has less than <see cref="Renewal"/> left.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan Renewal = TimeSpan.FromMinutes(2);

    private readonly JwtOptions _tokens;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> _issued = new(StringComparer.Ordinal);

    public ServiceIdentity(IOptions<AccessOptions> options, TimeProvider clock, ILogger<ServiceIdentity> logger)
    {
        _clock = clock;
        var key = options.Value.ServiceKey;
        if (string.IsNullOrEmpty(key))
        {
            // Only this process knows it: enough for --target all, refused by any other process.
            key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            Generated = true;
            logger.LogInformation("{Key} is not set: services in this process prove themselves with a key made for this run; " +
                "set it (the same secret for every service of the city) when services run as separate processes", $"{AccessOptions.Section}:ServiceKey");
        }
        _tokens = new JwtOptions { Issuer = Issuer, Audience = Audience, SigningKey = key, RoleClaim = "role", ClockSkew = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The service key, for keys derived from it (<see cref="DashboardSessions"/>).</summary>
    internal string SigningKey => _tokens.SigningKey;

    /// <summary>Whether the key was made by this process (no <c>ServiceKey</c> configured).</summary>
    public bool Generated { get; }

    /// <summary>A bearer token for <paramref name="service"/> (e.g. <c>governance</c>), reused while fresh.</summary>
    public string TokenFor(string service)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        var now = _clock.GetUtcNow();
        if (_issued.TryGetValue(service, out var issued) && issued.Expires - now > Renewal) return issued.Token;
        var token = JwtTokens.CreateHs256(_tokens.SigningKey, Issuer, Audience, NamePrefix + service, Roles.Service, Lifetime, _clock);
        _issued[service] = (token, now + Lifetime);
        return token;
    }

    /// <summary>Checks a bearer token as a service token: signature with the service key, expiry, issuer, audience, role.</summary>
    public JwtCheck Check(string token)
    {
        var check = JwtTokens.Check(token, _tokens, _clock.GetUtcNow(), [Roles.Service]);
        if (check.Valid && !check.Name!.StartsWith(NamePrefix, StringComparison.Ordinal))
            return new JwtCheck(null, null, $"a service token's subject starts with '{NamePrefix}'");
        return check;
    }

    /// <summary>Whether the token was signed with the service key at all, to tell a service token from a person's.</summary>
    internal bool IsSignedByServiceKey(string token)
    {
        var lastDot = token.LastIndexOf('.');
        if (lastDot < 0 || token.Length > JwtTokens.MaximumLength) return false;
        byte[] signature;
        try
        {
            signature = System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(lastDot + 1));
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(_tokens.SigningKey), Encoding.ASCII.GetBytes(token[..lastDot]));
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }
}
