using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Tests.Subscriptions;

/// <summary>
/// A subscriber's endpoint: a real Kestrel on loopback that keeps every POST it gets (path, headers, JSON body) and
/// answers what <see cref="Answer"/> says (204 by default). It can stop and start again on the same port, as a
/// receiver that goes down does.
/// </summary>
public sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();
    private WebApplication? _app;

    private NotificationReceiver(int port) => Port = port;

    public int Port { get; private set; }

    /// <summary>The status code the next notification is answered with.</summary>
    public Func<Received, HttpStatusCode> Answer { get; set; } = _ => HttpStatusCode.NoContent;

    /// <summary>Everything received, answered with success or not, in arrival order.</summary>
    public List<Received> All { get; } = [];

    public Uri Url(string path = "notify") => new($"http://127.0.0.1:{Port}/{path}");

    public static async Task<NotificationReceiver> StartAsync()
    {
        var receiver = new NotificationReceiver(0);
        await receiver.StartAgainAsync();
        return receiver;
    }

    /// <summary>Starts listening (again, on the same port once it has one).</summary>
    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body);
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var received = new Received(http.Request.Path.Value!.TrimStart('/'), headers, body.RootElement.Clone());
            var status = Answer(received);
            lock (All) All.Add(received with { AnsweredWith = status });
            if ((int)status < 300) _received.Writer.TryWrite(received);
            return Results.StatusCode((int)status);
        });
        await app.StartAsync();
        Port = new Uri(app.Urls.Single()).Port;
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    /// <summary>The next notification answered with success; fails the test after a generous wait, so a lost one does not hang it.</summary>
    public async Task<Received> NextAsync(int seconds = 30)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            return await _received.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"no notification arrived within {seconds} s (received so far: {All.Count})");
        }
    }

    /// <summary>Notifications delivered and not yet taken with <see cref="NextAsync"/>.</summary>
    public int Waiting => _received.Reader.Count;

    public async ValueTask DisposeAsync() => await StopAsync();

    public sealed record Received(string Path, IReadOnlyDictionary<string, string> Headers, JsonElement Body)
    {
        public HttpStatusCode AnsweredWith { get; init; }
        public string SubscriptionId => Body.GetProperty("subscriptionId").GetString()!;
        public JsonElement[] Data => [.. Body.GetProperty("data").EnumerateArray()];
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }
}
