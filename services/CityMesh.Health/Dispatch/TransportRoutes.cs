using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CityMesh.Limits.Settings;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Health.Dispatch;

/// <summary>
/// Emergency travel times from the transport service's routing, <c>POST /transport/routes</c>, called as
/// service:health. Where transport answers: <c>CityMesh:TransportUrl</c> (the chart sets transport's Service,
/// <c>http://{release}-citymesh-transport.{namespace}.svc:8080/</c>), or this server's own address when transport runs
/// in the same process.
/// </summary>
public sealed class TransportRoutes(IHttpClientFactory clients, IConfiguration configuration, IServer server) : IRouteTimes
{
    public const string ClientName = "health-transport";
    public const string Key = "CityMesh:TransportUrl";

    public async Task<RouteTime> TimeAsync(string fromRoad, string toRoad, DateTimeOffset departAt, CancellationToken ct)
    {
        var http = clients.CreateClient(ClientName);
        var body = new { from = new { road = fromRoad }, to = new { road = toRoad }, vehicle = "emergency", departAt };
        try
        {
            using var response = await http.PostAsJsonAsync(new Uri(Address(), "transport/routes"), body, ct);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            if (response.StatusCode != HttpStatusCode.OK)
                return RouteTime.None($"routing answered {(int)response.StatusCode}: {(json.TryGetProperty("detail", out var d) ? d.GetString() : response.ReasonPhrase)}");
            var roads = json.GetProperty("roads").EnumerateArray().Select(r => r.GetProperty("road").GetString()!).ToArray();
            return new RouteTime(json.GetProperty("etaSeconds").GetDouble(), json.GetProperty("distanceMetres").GetDouble(), roads);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return RouteTime.None($"routing could not be asked: {e.Message}");
        }
    }

    private Uri Address()
    {
        if (configuration.ReadServiceUrl(Key, "http://citymesh-transport:8080/") is { } url)
            return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        var own = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"{Key} is not set and this server has no HTTP address yet; set {Key} to the transport service's URL.");
        return CityMesh.Twin.Client.TwinAddress.Local(own);
    }
}
