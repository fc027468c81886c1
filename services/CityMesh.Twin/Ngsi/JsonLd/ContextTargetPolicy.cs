using System.Net;
using System.Net.Sockets;

namespace CityMesh.Twin.Ngsi.JsonLd;

/// <summary>
/// Where the twin may fetch a context from, so that a client's Link header cannot make it reach internal addresses
/// (SSRF): http(s) only, a host on the allowlist when there is one, and an address that is public unless private
/// targets are allowed. Addresses are checked as connected (after DNS), so a name that resolves to an internal address,
/// at first or later (DNS rebinding), is refused just the same.
/// </summary>
public sealed class ContextTargetPolicy(JsonLdOptions options)
{
    /// <summary>Null when <paramref name="url"/> may be fetched as far as its scheme and host tell; else why not.</summary>
    public string? UrlRefusal(Uri url)
    {
        if (url.Scheme is not ("http" or "https")) return $"only http and https contexts are fetched, not {url.Scheme}";
        if (url.UserInfo.Length > 0) return "a context URL must not carry credentials";
        if (options.AllowedHosts.Count > 0 && !options.AllowedHosts.Any(allowed => HostMatches(url.IdnHost, allowed)))
            return $"the host {url.IdnHost} is not in {JsonLdOptions.Section}:AllowedHosts";
        return null;
    }

    /// <summary>Null when the twin may connect to <paramref name="address"/>; else why not.</summary>
    public string? AddressRefusal(IPAddress address)
    {
        var kind = Classify(address);
        return kind switch
        {
            AddressKind.Public => null,
            AddressKind.Loopback or AddressKind.Private when options.AllowPrivateTargets => null,
            AddressKind.Loopback or AddressKind.Private =>
                $"{address} is a {Describe(kind)} address; the twin fetches contexts from public addresses only unless {JsonLdOptions.Section}:AllowPrivateTargets is true",
            _ => $"{address} is a {Describe(kind)} address, from which the twin never fetches contexts",
        };
    }

    public enum AddressKind { Public, Loopback, Private, LinkLocal, Multicast, Unspecified, Reserved }

    /// <summary>What kind of address this is; an IPv4 address mapped into IPv6 counts as the IPv4 address.</summary>
    public static AddressKind Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => ClassifyV6(address),
            _ => AddressKind.Reserved,
        };
    }

    private static AddressKind ClassifyV4(byte[] b) => b switch
    {
        [0, ..] => AddressKind.Unspecified,                            // 0.0.0.0/8, "this network"
        [127, ..] => AddressKind.Loopback,
        [10, ..] => AddressKind.Private,
        [172, >= 16 and <= 31, ..] => AddressKind.Private,
        [192, 168, ..] => AddressKind.Private,
        [100, >= 64 and <= 127, ..] => AddressKind.Private,             // 100.64/10, carrier-grade NAT
        [169, 254, ..] => AddressKind.LinkLocal,                        // the cloud metadata address among them
        [>= 224 and <= 239, ..] => AddressKind.Multicast,
        [>= 240, ..] => AddressKind.Reserved,                           // 240/4 and the broadcast address
        [192, 0, 0, ..] => AddressKind.Reserved,                        // IETF protocol assignments
        [198, 18 or 19, ..] => AddressKind.Reserved,                    // benchmarking
        _ => AddressKind.Public,
    };

    private static AddressKind ClassifyV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6Any)) return AddressKind.Unspecified;
        if (address.Equals(IPAddress.IPv6Loopback)) return AddressKind.Loopback;
        var b = address.GetAddressBytes();
        if (address.IsIPv6Multicast) return AddressKind.Multicast;
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressKind.LinkLocal;     // fe80::/10
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressKind.Private;       // fec0::/10, deprecated site-local
        if ((b[0] & 0xfe) == 0xfc) return AddressKind.Private;                       // fc00::/7, unique local
        // ::a.b.c.d (IPv4-compatible, deprecated) and 64:ff9b::a.b.c.d (NAT64) reach the IPv4 address inside.
        if (b[..12].All(x => x == 0) || (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..12].All(x => x == 0)))
            return ClassifyV4(b[12..]);
        return AddressKind.Public;
    }

    private static string Describe(AddressKind kind) => kind switch
    {
        AddressKind.LinkLocal => "link-local",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static bool HostMatches(string host, string allowed) => allowed.StartsWith("*.", StringComparison.Ordinal)
        ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
        : host.Equals(allowed, StringComparison.OrdinalIgnoreCase);
}
