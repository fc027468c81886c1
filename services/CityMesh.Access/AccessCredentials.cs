using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace CityMesh.Access;

/// <summary>The configured API keys as digests, ready to compare; and the JWT settings.</summary>
public sealed class AccessCredentials
{
    private readonly IReadOnlyList<(byte[] Digest, string Name, string Role)> _keys;

    public AccessCredentials(IOptions<AccessOptions> options)
    {
        Options = options.Value;
        _keys = [.. Options.ApiKeys.Select(k => (k.Key is { Length: > 0 } key ? ApiKeyDigest.Bytes(key) : Convert.FromHexString(k.KeySha256!), k.Name, k.Role))];
    }

    public AccessOptions Options { get; }

    /// <summary>The key's holder, or null. Every configured key is compared, in constant time, whatever matches.</summary>
    public (string Name, string Role)? FindKey(string presented)
    {
        var digest = ApiKeyDigest.Bytes(presented);
        (string, string)? found = null;
        foreach (var key in _keys)
            if (CryptographicOperations.FixedTimeEquals(key.Digest, digest)) found = (key.Name, key.Role);
        return found;
    }
}
