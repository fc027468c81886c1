using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CityMesh.Server;

/// <summary>
/// Where gRPC is served: a port of its own, HTTP/2 only, <c>CityMesh:Grpc:Port</c> (default 8081). Gateways in a
/// cluster speak gRPC in cleartext (h2c, HTTP/2 with prior knowledge), and Kestrel serves h2c only on an endpoint
/// that speaks HTTP/2 alone: an <c>Http1AndHttp2</c> endpoint without TLS answers HTTP/1.1, and making the main port
/// HTTP/2-only would lock out browsers, probes and curl. So the main port keeps HTTP/1.1 and gRPC gets its own.
/// <para>
/// Kestrel binds endpoints declared in code instead of the <c>urls</c> / <c>http_ports</c> settings, never beside
/// them, so this declares the main endpoints too, from those same settings (default <c>http://localhost:5000</c>).
/// gRPC listens on the first main address's interface. A server whose main ports are all 0 (any free port: tests
/// hosting it in-process) takes any free port for gRPC too unless <c>CityMesh:Grpc:Port</c> is set, so parallel servers
/// never collide on 8081 and the embedded modules still reach the twin's read API (<see cref="HttpAddress"/> tells the
/// main address among the two).
/// </para>
/// </summary>
public sealed class GrpcPort : CityMesh.Twin.Client.ILocalGrpcEndpoint
{
    public const string Key = "CityMesh:Grpc:Port";
    public const int Default = 8081;

    private ListenOptions? _endpoint;

    /// <summary>Where gRPC listens, once the server has started (its real port when it asked for any).</summary>
    public Uri Address => _endpoint?.IPEndPoint is { } bound
        ? new UriBuilder("http", bound.Address.Equals(IPAddress.Any) || bound.Address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : bound.Address.ToString(), bound.Port).Uri
        : throw new InvalidOperationException("gRPC is not listening: the server has not started on Kestrel");

    /// <summary>The server's first main (HTTP/1.1) address, once started: not the gRPC port.</summary>
    public static string HttpAddress(WebApplication app)
    {
        var grpc = app.Services.GetService<GrpcPort>();
        return app.Urls.First(u => grpc is null || new Uri(u).Port != grpc.Address.Port);
    }

    /// <summary>Declares the main endpoints and the gRPC one on Kestrel.</summary>
    /// <exception cref="InvalidOperationException">A bad port or address; the message names the setting.</exception>
    public static GrpcPort Listen(WebApplicationBuilder builder)
    {
        var main = MainAddresses(builder.Configuration);
        var port = Port(builder.Configuration, main);
        var grpc = new GrpcPort();
        builder.Services.AddSingleton(grpc);
        // Modules reading the embedded twin (CityMesh:TwinGrpcUrl unset) call this port.
        builder.Services.AddSingleton<CityMesh.Twin.Client.ILocalGrpcEndpoint>(grpc);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in main) Bind(kestrel, address, HttpProtocols.Http1AndHttp2, _ => { });
            Bind(kestrel, main[0] with { Port = port, Https = false }, HttpProtocols.Http2, o => grpc._endpoint = o);
        });
        return grpc;
    }

    private sealed record Endpoint(string Host, int Port, bool Https);

    private static int Port(IConfiguration configuration, IReadOnlyList<Endpoint> main)
    {
        var text = configuration[Key];
        if (string.IsNullOrEmpty(text)) return main.All(a => a.Port == 0) ? 0 : Default;
        if (!int.TryParse(text, out var port) || port is < 0 or > 65535)
            throw new InvalidOperationException($"{Key} is '{text}'; give a TCP port from 1 to 65535 (0: any free port).");
        if (port != 0 && main.Any(a => a.Port == port))
            throw new InvalidOperationException($"{Key} is {port}, the HTTP port as well; gRPC needs a port of its own (h2c).");
        return port;
    }

    /// <summary>What Kestrel would bind without code endpoints: <c>urls</c>, else <c>http_ports</c>/<c>https_ports</c>.</summary>
    private static IReadOnlyList<Endpoint> MainAddresses(IConfiguration configuration)
    {
        var urls = configuration["urls"];
        if (!string.IsNullOrWhiteSpace(urls))
            return [.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse)];
        List<Endpoint> ports = [.. Ports(configuration, "http_ports", https: false), .. Ports(configuration, "https_ports", https: true)];
        return ports.Count > 0 ? ports : [new Endpoint("localhost", 5000, false)];
    }

    private static IEnumerable<Endpoint> Ports(IConfiguration configuration, string key, bool https) =>
        (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.TryParse(p, out var port) ? new Endpoint("*", port, https)
                : throw new InvalidOperationException($"{key} is '{configuration[key]}'; give ports separated by ';'."));

    private static Endpoint Parse(string url)
    {
        var binding = BindingAddress.Parse(url);
        if (binding.IsUnixPipe || binding.IsNamedPipe)
            throw new InvalidOperationException($"urls names '{url}', a pipe; the server with gRPC ({Key}) listens on TCP addresses only.");
        return new Endpoint(binding.Host, binding.Port, binding.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase));
    }

    private static void Bind(KestrelServerOptions kestrel, Endpoint address, HttpProtocols protocols, Action<ListenOptions> configured)
    {
        void Configure(ListenOptions o)
        {
            o.Protocols = protocols;
            if (address.Https) o.UseHttps();
            configured(o);
        }
        if (address.Host is "*" or "+" or "[::]" or "0.0.0.0") kestrel.ListenAnyIP(address.Port, Configure);
        else if (address.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) kestrel.ListenLocalhost(address.Port, Configure);
        else if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip)) kestrel.Listen(ip, address.Port, Configure);
        else throw new InvalidOperationException($"urls names host '{address.Host}'; with gRPC ({Key}) give an IP address, localhost or *.");
    }
}
