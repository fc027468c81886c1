using System.Security.Cryptography;
using System.Text;

namespace CityMesh.Access;

/// <summary>
/// API keys are kept and compared as SHA-256 digests: a configuration may hold only the digest, and comparing
/// fixed-length digests in constant time reveals nothing about a key through timing.
/// </summary>
public static class ApiKeyDigest
{
    /// <summary>Lowercase hex SHA-256 of the key's UTF-8 bytes: what <c>KeySha256</c> holds.</summary>
    public static string OfKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The 32 bytes of a 64-digit hex digest; null when it is not one.</summary>
    public static byte[]? TryParseHex(string hex)
    {
        if (hex.Length != 64) return null;
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    internal static byte[] Bytes(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
