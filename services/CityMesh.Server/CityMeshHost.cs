using CityMesh.Access;
using CityMesh.Limits;
using CityMesh.Limits.Settings;
using CityMesh.Messaging.Subscriptions;
using CityMesh.Observability;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CityMesh.Server;

/// <summary>Builds the host for the targets named on the command line (<c>--target twin</c> or config <c>target</c>).</summary>
public static class CityMeshHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        // A module refuses a bad setting while it registers (InvalidOperationException naming the key).
        catch (Exception e) when (e is TargetException or CityMesh.Scenarios.Worker.WorkerSettingsException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"citymesh-server: {e.Message}");
            return 2;
        }
        try
        {
            await app.RunAsync();
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            // Framework options validated at start: say which, without a stack trace. CityMesh's own settings are
            // checked while the modules register (ReadSettings), above.
            await Console.Error.WriteLineAsync($"citymesh-server: {e.Message}");
            return 2;
        }
        // A batch target (the worker) sets a failure exit code for its Job to see.
        return Environment.ExitCode;
    }

    /// <param name="configure">Extra configuration, applied last (the CLI and tests use it).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var modules = Targets.Resolve(builder.Configuration["target"], ServiceModule.Available);
        builder.Services.AddSingleton(new RunningTargets(modules.Select(m => m.Target).ToArray()));
        builder.AddCityMeshTelemetry(ServiceName(modules));

        builder.Services.AddProblemDetails();
        // One set of input limits for every module (CityMesh:Limits), checked before anything starts.
        builder.Services.AddSettings<InputLimits>(builder.Configuration);
        builder.Services.AddCityMeshAccess(builder.Configuration);
        builder.Services.AddOpenApi();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Readiness>();
        var transport = MessagingTransport.Add(builder.Services, builder.Configuration);
        foreach (var module in modules) module.Add(builder.Services, builder.Configuration);
        // The subscriptions every module declared, opened after the modules' services start, before the server listens.
        builder.Services.AddEventSubscriptions();
        if (modules.Any(m => m.Grpc)) GrpcPort.Listen(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        // /healthz answers while the process lives; /readyz only while the stores, the bus and the city are.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        Readiness.Map(app);
        app.MapOpenApi();
        app.MapGet("/targets", (RunningTargets running) => running).ExcludeFromDescription();
        app.MapCityMeshMetrics();
        MessagingTransport.Map(app, transport);
        foreach (var module in modules) module.Map(app);
        return app;
    }

    /// <summary>The <c>service.name</c> traces and metrics carry: <c>citymesh-twin</c>, or <c>citymesh-twin+sensors</c> for several targets in one process.</summary>
    private static string ServiceName(IEnumerable<ServiceModule> modules) => "citymesh-" + string.Join('+', modules.Select(m => m.Target));
}

/// <summary>The targets this process runs.</summary>
public sealed record RunningTargets(IReadOnlyList<string> Targets);
