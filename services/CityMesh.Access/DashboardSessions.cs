using System.Security.Cryptography;
using System.Text;

namespace CityMesh.Access;

/// <summary>
/// Browser sessions for the operator's page: a browser cannot put an API key on an EventSource, so after signing in
/// once with a key or token it holds a short-lived signed cookie instead. The cookie is HttpOnly and SameSite=Strict,
/// and it is accepted only on safe methods (GET, HEAD): it lets a page read, never write, so no other site can make a
/// browser change the city. Its signing key derives from the service key, so every replica accepts it.
/// </summary>
public sealed class DashboardSessions
{
    public const string CookieName = "citymesh-session";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);
    private const string Issuer = "citymesh-dashboard";

    private readonly JwtOptions _tokens;
    private readonly TimeProvider _clock;

    public DashboardSessions(ServiceIdentity services, TimeProvider clock)
    {
        _clock = clock;
        var key = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(services.SigningKey), "citymesh dashboard sessions"u8));
        _tokens = new JwtOptions { Issuer = Issuer, Audience = Issuer, SigningKey = key, RoleClaim = "role" };
    }

    /// <summary>A session for <paramref name="caller"/>, who authenticated with a key or a token just now.</summary>
    public string Issue(Caller caller) =>
        JwtTokens.CreateHs256(_tokens.SigningKey, Issuer, Issuer, caller.Name, caller.Role, Lifetime, _clock);

    public JwtCheck Check(string cookie) => JwtTokens.Check(cookie, _tokens, _clock.GetUtcNow());
}
