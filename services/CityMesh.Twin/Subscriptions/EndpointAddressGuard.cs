using System.Net;
using System.Net.Sockets;

namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// Keeps notification endpoints off the twin's own network (SSRF): a subscriber names any URL, and the twin then
/// POSTs to it from inside the cluster. Loopback, private, link-local (cloud metadata at 169.254.169.254), shared
/// (100.64/10), unique-local, multicast and unspecified addresses are refused unless
/// <see cref="SubscriptionOptions.AllowPrivateEndpoints"/> is set. Checked twice: when a subscription is written
/// (an address or <c>localhost</c> in the URL), and on every connection, after DNS, so a name that resolves (or
/// later rebinds) to an internal address is refused too. Self-contained, to be unified with the @context fetcher's
/// guard.
/// </summary>
public static class EndpointAddressGuard
{
    /// <summary>Why the twin will not notify <paramref name="uri"/>; null when it may.</summary>
    public static string? Refusal(Uri uri, bool allowPrivate)
    {
        if (uri.Scheme is not ("http" or "https")) return $"scheme '{uri.Scheme}' is not supported; notifications go over http or https";
        if (allowPrivate) return null;
        if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return Internal(uri.Host);
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && !IsPublic(address) ? Internal(uri.Host) : null;
    }

    /// <summary>Whether an address is on the public internet, as far as the twin may call it for a client.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] < 128)   // shared address space (carrier NAT)
                || (b[0] == 169 && b[1] == 254)                // link-local, cloud metadata
                || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
        }
        var bytes = address.GetAddressBytes();
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (bytes[0] & 0xFE) == 0xFC); // unique local fc00::/7
    }

    /// <summary>
    /// A connect callback for <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves the host itself and
    /// connects only to addresses <see cref="IsPublic"/> allows (all, when <paramref name="allowPrivate"/>).
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectCallback(bool allowPrivate) =>
        async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            var allowed = allowPrivate ? addresses : [.. addresses.Where(IsPublic)];
            if (allowed.Length == 0)
                throw new HttpRequestException(addresses.Length == 0 ? $"'{host}' does not resolve" : Internal(host));
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

    private static string Internal(string host) =>
        $"'{host}' is a loopback, private or link-local address, which the twin does not notify (set {SubscriptionOptions.Section}:AllowPrivateEndpoints to allow it)";
}
