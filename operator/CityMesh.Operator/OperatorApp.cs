using CityMesh.Operator.Controller;
using CityMesh.Operator.Kube;
using k8s;
using CityMesh.Observability;
using CityMesh.Operator.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CityMesh.Operator;

/// <summary>
/// The process: JSON console logs with trace ids, OpenTelemetry, the operator as a hosted service, and its health and
/// metrics endpoints on
/// <see cref="OperatorOptions.HttpPort"/> (all interfaces, so the kubelet and Prometheus reach the pod IP).
/// </summary>
public static class OperatorApp
{
    /// <param name="configure">Runs after the defaults, before the port is read: tests swap the API server and settings.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; o.UseUtcTimestamp = true; });
        // A line per probe and scrape would drown the operator's own logs.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var services = builder.Services;
        services.Configure<OperatorOptions>(builder.Configuration.GetSection(OperatorOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => KubeConnection.FromEnvironment());
        services.AddSingleton<IKubernetes>(sp => new k8s.Kubernetes(sp.GetRequiredService<KubernetesClientConfiguration>()));
        builder.AddCityMeshTelemetry("citymesh-operator");
        services.AddSingleton(sp => new OperatorMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(sp => new OperatorHost(sp.GetRequiredService<IKubernetes>(), sp.GetRequiredService<IOptions<OperatorOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<KubernetesClientConfiguration>().Namespace is { Length: > 0 } ns ? ns : "default",
            metrics: sp.GetRequiredService<OperatorMetrics>()));
        services.AddSingleton(sp => new OperatorHealth(sp.GetRequiredService<OperatorHost>()));
        services.AddHostedService<OperatorService>();
        configure?.Invoke(builder);

        int port = builder.Configuration.GetSection(OperatorOptions.Section).Get<OperatorOptions>()?.HttpPort ?? new OperatorOptions().HttpPort;
        if (port is < 0 or > 65535)
            throw new InvalidOperationException($"{OperatorOptions.Section}:HttpPort is {port}; use a TCP port (1-65535), or 0 for no HTTP endpoints.");
        if (port > 0) builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(port));
        else services.AddSingleton<IServer, NoHttpServer>(); // the last registration wins over Kestrel

        var app = builder.Build();
        app.MapOperatorEndpoints();
        app.MapCityMeshMetrics();
        return app;
    }
}
