using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace CityMesh.Access;

/// <summary>The configured API keys as digests, ready to compare; and the JWT settings.</summary>
public sealed class AccessCredentials
{
    private readonly IReadOnlyList<(byte[] Digest, KeyHolder Holder)> _keys;

    public AccessCredentials(IOptions<AccessOptions> options)
    {
        Options = options.Value;
        _keys = [.. Options.ApiKeys.Select(k => (k.Key is { Length: > 0 } key ? ApiKeyDigest.Bytes(key) : Convert.FromHexString(k.KeySha256!), new KeyHolder(k.Name, k.Role, k.Tenant)))];
    }

    public AccessOptions Options { get; }

    /// <summary>The key's holder, or null. Every configured key is compared, in constant time, whatever matches.</summary>
    public KeyHolder? FindKey(string presented)
    {
        var digest = ApiKeyDigest.Bytes(presented);
        KeyHolder? found = null;
        foreach (var key in _keys)
            if (CryptographicOperations.FixedTimeEquals(key.Digest, digest)) found = key.Holder;
        return found;
    }
}

/// <summary>Who holds an API key: a name, a role and, for a tenant's key, the tenant.</summary>
public sealed record KeyHolder(string Name, string Role, string? Tenant);
