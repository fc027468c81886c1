using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using CityMesh.Limits.Settings;
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
        var sumoNet = new Option<string?>("--sumo-net") { Description = "SUMO network (.net.xml) to seed the city from instead of a CityFlow roadnet; placed by its own projection (UTM), or at --anchor when it has none" };
        var routes = new Option<string?>("--routes") { Description = "SUMO demand (.rou.xml) for --sumo-net: detectors read a running traffic simulation of it" };
        var additional = new Option<string[]>("--additional") { Description = "SUMO additional files for --sumo-net (traffic-light programmes, vehicle types)", AllowMultipleArgumentsPerToken = true };
        var cityName = new Option<string?>("--city-name") { Description = "The city's name, which its entity ids carry (default: Jinan, or the SUMO network's file or folder name)" };
        var anchor = new Option<string?>("--anchor") { Description = "Where a network in local metres lies, \"latitude,longitude\" (default: central Jinan)" };
        var calls = new Option<double>("--calls-per-hour") { Description = "Simulated emergency calls per hour of city time (0: none); ambulances nearby go at once", DefaultValueFactory = _ => 6 };
        var utcOffset = new Option<string?>("--utc-offset") { Description = "The city's offset from UTC for its daily rhythm, e.g. 01:00 or -05:00 (default: 08:00, Jinan's)" };

        var command = new Command("up", "Start the all-in-one city (--target all) and serve its dashboard")
        {
            port, grpcPort, host, roadNetwork, seed, store, connection, telemetry, acceleration, startTime, trafficFlow, sumoNet, routes, additional,
            cityName, anchor, utcOffset, operatorKey, viewerKey, calls,
        };
        command.SetAction(async (result, ct) =>
        {
            if (result.GetValue(store) == "postgres" && string.IsNullOrWhiteSpace(result.GetValue(connection)))
            {
                AnsiConsole.MarkupLine("[red]--store postgres needs --connection \"Host=...;Database=...;Username=...\"[/]");
                return 2;
            }
            if (CityProblem(result.GetValue(sumoNet), result.GetValue(routes), result.GetValue(additional) ?? [], result.GetValue(roadNetwork),
                    result.GetValue(trafficFlow), result.GetValue(anchor)) is { } problem)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{problem}[/]");
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
            foreach (var (key, value) in LiveDispatch(result.GetValue(calls), result.GetValue(acceleration), result.GetValue(telemetry))) settings[key] = value;
            if (result.GetValue(startTime) is { } time) settings["CityMesh:Telemetry:StartTimeOfDay"] = time;
            if (result.GetValue(trafficFlow) is { } flow)
            {
                settings["CityMesh:Telemetry:TrafficFlow"] = flow;
                settings["CityMesh:Transport:Forecasting:TrainingFlow"] = Path.GetFullPath(flow);
            }
            settings["CityMesh:Transport:Forecasting:TrainAtStart"] = "true";
            if (result.GetValue(roadNetwork) is { } path) settings["CityMesh:City:RoadNetwork"] = Path.GetFullPath(path);
            if (result.GetValue(sumoNet) is { } net)
            {
                settings["CityMesh:City:RoadNetwork"] = Path.GetFullPath(net);
                settings["CityMesh:City:RoadNetworkFormat"] = nameof(RoadNetworkFormat.Sumo);
                settings["CityMesh:City:Name"] = SumoCityName(net);
                foreach (var (file, i) in (result.GetValue(additional) ?? []).Select((f, i) => (f, i)))
                    settings[$"CityMesh:City:SumoAdditional:{i}"] = Path.GetFullPath(file);
                // The forecaster's training hour then comes from what the detectors report (its TrainingFlow is CityFlow's).
                if (result.GetValue(routes) is { } demand) settings["CityMesh:Telemetry:TrafficFlow"] = Path.GetFullPath(demand);
            }
            if (result.GetValue(cityName) is { } name) settings["CityMesh:City:Name"] = name;
            if (result.GetValue(anchor)?.Split(',') is [var latitude, var longitude])
            {
                settings["CityMesh:City:AnchorLatitude"] = latitude.Trim();
                settings["CityMesh:City:AnchorLongitude"] = longitude.Trim();
            }
            if (result.GetValue(utcOffset) is { } offset) settings["CityMesh:City:UtcOffset"] = offset.TrimStart('+');
            settings[CityMesh.Server.GrpcPort.Key] = result.GetValue(grpcPort).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await RunAsync($"http://{result.GetValue(host)}:{result.GetValue(port)}", settings, ct);
        });
        return command;
    }

    /// <summary>Ambulances nearer a call than this go without waiting for an operator in <c>citymesh up</c>.</summary>
    public const double AutomaticDispatchMetres = 8000;

    /// <summary>
    /// The live ambulance demonstration: simulated calls at <paramref name="perCityHour"/> (the generator counts wall-clock
    /// hours, so the rate is sped up with the city), and dispatch within guardrails: a crew within
    /// <see cref="AutomaticDispatchMetres"/> of the call is sent at once, audited; a farther one waits for an operator on
    /// the dashboard. Without telemetry no crew would move, so no calls are raised.
    /// </summary>
    public static IReadOnlyDictionary<string, string> LiveDispatch(double perCityHour, double acceleration, bool noTelemetry)
    {
        var inv = CultureInfo.InvariantCulture;
        var settings = new Dictionary<string, string>
        {
            ["CityMesh:Governance:Policies:health.ambulance-dispatch:Autonomy"] = "ActWithinGuardrails",
            ["CityMesh:Governance:Policies:health.ambulance-dispatch:Limits:dispatchDistanceMetres"] = AutomaticDispatchMetres.ToString(inv),
            // A crew with a closed road ahead cannot wait for a click: its new way runs at once when governance finds, on
            // the twin, that it crosses no closed road.
            ["CityMesh:Governance:Policies:health.ambulance-reroute:Autonomy"] = "ActWithinGuardrails",
            ["CityMesh:Governance:Policies:health.ambulance-reroute:Limits:closedRoadsOnRoute"] = "0",
        };
        if (!noTelemetry && perCityHour > 0) settings["CityMesh:Health:SimulatedCalls:PerHour"] = (perCityHour * acceleration).ToString(inv);
        return settings;
    }

    /// <summary>Why the options given cannot make one city, or null when they can.</summary>
    public static string? CityProblem(string? sumoNet, string? routes, string[] additional, string? roadNetwork, string? trafficFlow, string? anchor)
    {
        if (sumoNet is not null && (roadNetwork is not null || trafficFlow is not null))
            return "--sumo-net seeds the city from a SUMO network; --road-network and --traffic-flow from CityFlow files: give one or the other.";
        if (sumoNet is null && (routes is not null || additional.Length > 0))
            return "--routes and --additional go with --sumo-net (SUMO's demand and additional files for its network).";
        if (anchor is not null && !(anchor.Split(',') is [var latitude, var longitude]
                && double.TryParse(latitude, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                && double.TryParse(longitude, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            return $"--anchor is '{anchor}'; give it as latitude,longitude in degrees, e.g. 52.52,13.405.";
        return null;
    }

    /// <summary>
    /// A SUMO network's city name: its file's name without <c>.net.xml</c>, or its folder's when the file is SUMO's
    /// OSM web wizard's generic <c>osm.net.xml</c> (A10KW/osm.net.xml is A10KW).
    /// </summary>
    public static string SumoCityName(string path)
    {
        var file = Path.GetFileName(path);
        var stem = file.EndsWith(".net.xml", StringComparison.OrdinalIgnoreCase) ? file[..^".net.xml".Length] : Path.GetFileNameWithoutExtension(file);
        if (stem.Equals("osm", StringComparison.OrdinalIgnoreCase) && Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) is { Length: > 0 } folder)
            stem = folder;
        return stem.Any(char.IsAsciiLetterOrDigit) ? stem : "SUMO";
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
        // The same page signed in as the operator decides on proposals (the key stays in the page's memory).
        table.AddRow("Operations center", $"[link]{address}/#key={settings["CityMesh:Access:ApiKeys:0:Key"]}[/] [grey](operator)[/]");
        table.AddRow("NGSI-LD API", $"{address}/ngsi-ld/v1/entities");
        table.AddRow("OpenAPI", $"{address}/openapi/v1.json");
        if (app.Services.GetService<CityMesh.Server.GrpcPort>() is { } grpc) table.AddRow("gRPC", $"{grpc.Address} (h2c: gateway ingestion, twin read API)");
        table.AddRow("Targets", string.Join(", ", targets));
        table.AddRow("Operator API key", $"{settings["CityMesh:Access:ApiKeys:0:Key"]} [grey](header X-Api-Key)[/]");
        table.AddRow("Viewer API key", settings["CityMesh:Access:ApiKeys:1:Key"]!);
        table.AddRow("Admin API key", settings["CityMesh:Access:ApiKeys:2:Key"]!);
        table.AddRow("Data-provider API key", $"{settings["CityMesh:Access:ApiKeys:3:Key"]} [grey](sensor gateways: observations only)[/]");
        table.AddRow("Actions", $"{address}/governance/actions?status=proposed");
        if (settings["CityMesh:Telemetry:Enabled"] == "true")
            table.AddRow("Flood drill", $"POST {address}/sensors/drills/storm [grey](operator key: the flood gauges rise over their alert lines; {address}/safety/gauges, /safety/forecasts)[/]");
        table.AddRow("City", $"{settings.GetValueOrDefault("CityMesh:City:Name") ?? new CityOptions().Name}: {settings.GetValueOrDefault("CityMesh:City:RoadNetwork") ?? CityOptions.DefaultRoadNetwork}");
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
