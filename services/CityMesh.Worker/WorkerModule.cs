using k8s;
using CityMesh.Limits;
using CityMesh.Limits.Settings;
using Microsoft.Extensions.Configuration;
using CityMesh.Access;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Scenarios.Worker;

public static class WorkerModule
{
    /// <summary>
    /// The worker target: settings from the environment (and <c>--cleanup DIR</c> from the command line), the
    /// in-cluster Kubernetes client when there is one (for the progress annotation), and the worker itself. The scenario
    /// is read, and its input files confined, within <see cref="InputLimits"/> bound as the host binds them.
    /// </summary>
    /// <exception cref="WorkerSettingsException">Nothing, or something unreadable, to run.</exception>
    /// <exception cref="InvalidOperationException">A limit in <see cref="InputLimits.Section"/> is unusable.</exception>
    public static IServiceCollection AddScenarioWorker(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.ReadSettings<InputLimits>();
        var settings = WorkerSettings.From(Environment.GetEnvironmentVariable, configuration[WorkerContract.CleanupArgument.TrimStart('-')], limits);
        services.AddSingleton(settings);
                services.AddHostedService(sp => new ScenarioWorker(settings, sp.GetRequiredService<CityMesh.Messaging.IEventBus>(),
            sp.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ScenarioWorker>>(), InClusterClient(),
            handlers: sp.GetRequiredService<IHttpMessageHandlerFactory>()));
        // The twin read API's calls carry the worker's service identity; deadlines are the client's own.
        services.AddHttpClient(ScenarioWorker.TwinClientName).AddServiceIdentity("worker");
        return services;
    }

    /// <summary>The pod's API client (its service account) when running in a cluster; none elsewhere.</summary>
    private static IKubernetes? InClusterClient() =>
        KubernetesClientConfiguration.IsInCluster() ? new Kubernetes(KubernetesClientConfiguration.InClusterConfig()) : null;
}
