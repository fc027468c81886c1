using System.Security.Cryptography;
using System.CommandLine;
using CityMesh.Server;
using CityMesh.Twin.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace CityMesh.Cli.Commands;

/// <summary><c>citymesh up</c>: the whole city in one process, with a real road network and live telemetry.</summary>
public static class UpCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "HTTP port on 127.0.0.1 (0 picks a free one)", DefaultValueFactory = _ => 8080 };
        var grpcPort = new Option<int>("--grpc-port") { Description = "Port of the gRPC API for sensor gateways, HTTP/2 cleartext (0 picks a free one)", DefaultValueFactory = _ => CityMesh.Server.GrpcPort.Default };
        var host = new Option<string>("--host") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var roadNetwork = new Option<string?>("--road-network") { Description = "CityFlow roadnet JSON (default: the Jinan network in ../shared/data)" };
        var seed = new Option<int>("--seed") { Description = "Seed for placing the city's objects and its telemetry", DefaultValueFactory = _ => 42 };
        var store = new Option<string>("--store") { Description = "Twin store: memory or postgres", DefaultValueFactory = _ => "memory" };
        store.AcceptOnlyFromAmong("memory", "postgres");
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string (with --store postgres)" };
        var telemetry = new Option<bool>("--no-telemetry") { Description = "Do not run the telemetry simulator" };
        var acceleration = new Option<double>("--time-acceleration") { Description = "City seconds per wall-clock second for the telemetry simulator", DefaultValueFactory = _ => 1 };
        var startTime = new Option<string?>("--start-time") { Description = "City time of day the simulation opens at, e.g. 08:00 for the morning rush" };
        var operatorKey = new Option<string?>("--operator-key") { Description = "API key of the operator who approves actions (default: a new random key, printed)" };
        var viewerKey = new Option<string?>("--viewer-key") { Description = "API key of a read-only viewer (default: a new random key, printed)" };
        var trafficFlow = new Option<string?>("--traffic-flow") { Description = "CityFlow flow JSON: detectors read a running traffic simulation of it (e.g. ../shared/data/traffic/Jinan_3_4/anon_3_4_jinan_real.json)" };

        var command = new Command("up", "Start the all-in-one city (--target all) and serve its dashboard")
        {
            port, grpcPort, host, roadNetwork, seed, store, connection, telemetry, acceleration, startTime, trafficFlow, operatorKey, viewerKey,
        };
        command.SetAction(async (result, ct) =>
        {
            if (result.GetValue(store) == "postgres" && string.IsNullOrWhiteSpace(result.GetValue(connection)))
            {
                AnsiConsole.MarkupLine("[red]--store postgres needs --connection \"Host=...;Database=...;Username=...\"[/]");
                return 2;
            }
            var settings = new Dictionary<string, string?>
            {
                ["target"] = "all",
                ["CityMesh:Twin:Store"] = result.GetValue(store),
                ["CityMesh:Twin:ConnectionString"] = result.GetValue(connection),
                ["CityMesh:City:Enabled"] = "true",
                ["CityMesh:City:Seed"] = result.GetValue(seed).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["CityMesh:Telemetry:Enabled"] = result.GetValue(telemetry) ? "false" : "true",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
                // Readiness is polled below while the city seeds; its "not yet" answers are not failures.
                ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "None",
            };
            // A key per role for this run: nothing in the city is read or changed without one (README, Access).
            foreach (var (index, role, option) in new[] { (0, "operator", operatorKey), (1, "viewer", viewerKey), (2, "admin", null), (3, "data-provider", null) })
            {
                settings[$"CityMesh:Access:ApiKeys:{index}:Name"] = $"local-{role}";
                settings[$"CityMesh:Access:ApiKeys:{index}:Role"] = role;
                settings[$"CityMesh:Access:ApiKeys:{index}:Key"] = (option is null ? null : result.GetValue(option)) ?? RandomNumberGenerator.GetHexString(32, lowercase: true);
            }
            settings["CityMesh:Telemetry:TimeAcceleration"] = result.GetValue(acceleration).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (result.GetValue(startTime) is { } time) settings["CityMesh:Telemetry:StartTimeOfDay"] = time;
            if (result.GetValue(trafficFlow) is { } flow)
            {
                settings["CityMesh:Telemetry:TrafficFlow"] = flow;
                settings["CityMesh:Transport:Forecasting:TrainingFlow"] = Path.GetFullPath(flow);
            }
            settings["CityMesh:Transport:Forecasting:TrainAtStart"] = "true";
            if (result.GetValue(roadNetwork) is { } path) settings["CityMesh:City:RoadNetwork"] = Path.GetFullPath(path);
            settings[CityMesh.Server.GrpcPort.Key] = result.GetValue(grpcPort).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await RunAsync($"http://{result.GetValue(host)}:{result.GetValue(port)}", settings, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(string url, Dictionary<string, string?> settings, CancellationToken ct)
    {
        WebApplication app;
        try
        {
            app = CityMeshHost.Build(["--urls", url], builder => builder.Configuration.AddInMemoryCollection(settings));
        }
        catch (Exception e) when (e is TargetException or InvalidOperationException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 2;
        }

        try
        {
            await app.StartAsync(ct);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FileNotFoundException or InvalidEntityException
            or Microsoft.Extensions.Options.OptionsValidationException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]CityMesh could not start: {e.Message}[/]");
            return 1;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? url;
        await WaitUntilReadyAsync(app.Services, ct);
        var targets = app.Services.GetRequiredService<RunningTargets>().Targets;
        var entities = await app.Services.GetRequiredService<ITwinStore>().CountAsync(ct);

        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumns("", "");
        // The viewer's key after '#' signs the browser in; the fragment never leaves the browser.
        table.AddRow("Dashboard", $"[link]{address}/#key={settings["CityMesh:Access:ApiKeys:1:Key"]}[/]");
        table.AddRow("NGSI-LD API", $"{address}/ngsi-ld/v1/entities");
        table.AddRow("OpenAPI", $"{address}/openapi/v1.json");
        if (app.Services.GetService<CityMesh.Server.GrpcPort>() is { } grpc) table.AddRow("gRPC", $"{grpc.Address} (h2c: gateway ingestion, twin read API)");
        table.AddRow("Targets", string.Join(", ", targets));
        table.AddRow("Operator API key", $"{settings["CityMesh:Access:ApiKeys:0:Key"]} [grey](header X-Api-Key)[/]");
        table.AddRow("Viewer API key", settings["CityMesh:Access:ApiKeys:1:Key"]!);
        table.AddRow("Admin API key", settings["CityMesh:Access:ApiKeys:2:Key"]!);
        table.AddRow("Data-provider API key", $"{settings["CityMesh:Access:ApiKeys:3:Key"]} [grey](sensor gateways: observations only)[/]");
        table.AddRow("Actions", $"{address}/governance/actions?status=proposed");
        table.AddRow("Twin", $"{entities:N0} entities in the {settings["CityMesh:Twin:Store"]} store");
        table.AddRow("Telemetry", settings["CityMesh:Telemetry:Enabled"] != "true" ? "off"
            : settings.ContainsKey("CityMesh:Telemetry:TrafficFlow") ? "simulated, live; detectors read a running traffic simulation" : "simulated, live");
        AnsiConsole.Write(new Panel(table).Header("[bold green]CityMesh is up[/]"));
        AnsiConsole.MarkupLine("Press [bold]Ctrl-C[/] to stop.");

        await app.WaitForShutdownAsync(ct);
        AnsiConsole.MarkupLine("CityMesh stopped.");
        return 0;
    }

    private static async Task WaitUntilReadyAsync(IServiceProvider services, CancellationToken ct)
    {
        var health = services.GetRequiredService<HealthCheckService>();
        while (!ct.IsCancellationRequested)
        {
            var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"), ct);
            if (report.Status == HealthStatus.Healthy) return;
            await Task.Delay(100, ct);
        }
    }
}
