using System.Net;
using System.Net.Sockets;

namespace CityMesh.LocalServers;

/// <summary>Free loopback TCP ports, found by letting the kernel pick one.</summary>
public static class FreePort
{
    /// <summary>A port free right now; another process may still take it before the caller binds it.</summary>
    public static int OnLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
