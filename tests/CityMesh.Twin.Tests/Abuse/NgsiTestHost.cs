using System.Collections.Concurrent;
using CityMesh.Limits;
using CityMesh.Messaging;
using CityMesh.Twin.Ngsi;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Tests.Abuse;

/// <summary>
/// The NGSI-LD API on a real Kestrel on loopback over a given store, with the server's input limits and a log that
/// keeps what the API wrote. Every request has a timeout, so a hang fails the test instead of stalling it.
/// </summary>
public sealed class NgsiTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NgsiTestHost(WebApplication app, HttpClient http, CapturedLog log)
    {
        _app = app;
        Http = http;
        Log = log;
    }

    public HttpClient Http { get; }
    public CapturedLog Log { get; }
    public Uri Address => Http.BaseAddress!;

    public static async Task<NgsiTestHost> StartAsync(ITwinStore store, InputLimits limits)
    {
        var log = new CapturedLog();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(log).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IEventBus>(new InMemoryEventBus());
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<TwinService>();
        // No tenants: the city's own entities only.
        builder.Services.AddSingleton(new TwinOptions());
        builder.Services.AddSingleton<global::CityMesh.Twin.Tenancy.TwinTenants>();
        builder.Services.AddSingleton(limits.Validated());
        // Contexts: no test here fetches one, so every remote context is refused by policy, without a network.
        builder.Configuration["CityMesh:JsonLd:AllowedHosts:0"] = "contexts.citymesh.invalid";
        builder.Services.AddJsonLdContexts(builder.Configuration);
        TestCallers.AddAccess(builder);
        var app = builder.Build();
        TestCallers.UseAccess(app);
        app.MapNgsiLd();
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(20) }.AsAdmin();
        return new NgsiTestHost(app, http, log);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Log entries at warning and above: level, message and whether a stack trace came with it.</summary>
    public sealed class CapturedLog : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose() { }

        private sealed class Logger(CapturedLog log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                log.Entries.Enqueue((logLevel, formatter(state, exception), exception));
        }
    }
}
