using System.CommandLine;
using System.Globalization;
using CityMesh.Messaging;
using CityMesh.Messaging.Kafka;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Synthetic.Telemetry;
using CityMesh.Server;
using CityMesh.Simulation;
using CityMesh.Simulation.Synthetic;
using CityMesh.Simulation.Synthetic.Telemetry;
using Spectre.Console;

namespace CityMesh.Cli.Commands;

/// <summary>
/// <c>citymesh synth telemetry</c>: sensor series with labelled anomalies, written as CSV (series, labels, sites,
/// options) and, with <c>--publish</c>, played live on <c>telemetry.raw</c> through the messaging the server would use:
/// <c>CityMesh:Messaging:Transport</c> and its sections from the environment (CityMesh__Messaging__Transport=kafka, ...),
/// overridden by <c>--transport</c> and <c>--brokers</c>.
/// </summary>
public static class SynthTelemetryCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Directory for series.csv, labels.csv, sites.csv and options.json", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed and options make the same data", DefaultValueFactory = _ => 42 };
        var optionsFile = new Option<string?>("--options") { Description = "Generator options, JSON or YAML (spec.telemetry's camelCase fields); the flags below override it" };
        var days = new Option<double?>("--days") { Description = "Length in days (default 7)" };
        var interval = new Option<int?>("--interval") { Description = "Seconds between samples (default 300)" };
        var sites = new Option<int?>("--sites") { Description = "Generated sensors per kind when no twin is given (default 8)" };
        var twin = new Option<string?>("--twin") { Description = "A running twin's read API (its gRPC address, e.g. http://127.0.0.1:8081) whose sensors to use instead of generated ones" };
        var city = new Option<string?>("--city") { Description = "With --twin: only this city's sensors (the id segment, e.g. jinan)" };
        var publish = new Option<bool>("--publish") { Description = "Also publish the series live on telemetry.raw" };
        var transport = new Option<string?>("--transport") { Description = "With --publish: memory, kafka or dapr (default: CityMesh:Messaging:Transport, or kafka with --brokers)" };
        var brokers = new Option<string?>("--brokers") { Description = "With --publish: Kafka bootstrap servers, host:port[,...]" };
        var acceleration = new Option<double>("--acceleration") { Description = "With --publish: series seconds per wall second; 0 publishes as fast as possible", DefaultValueFactory = _ => 0 };
        var command = new Command("telemetry", "Sensor series with labelled anomalies (spike, level shift, drift, stuck, dropout, leak) for testing detectors")
        {
            output, seed, optionsFile, days, interval, sites, twin, city, publish, transport, brokers, acceleration,
        };
        command.SetAction(async (result, ct) =>
        {
            var options = LoadOptions(result.GetValue(optionsFile));
            double? dayCount = result.GetValue(days);
            int? seconds = result.GetValue(interval), perKind = result.GetValue(sites);
            if (dayCount is { } d && !(d > 0 && d <= 366)) throw new UsageException($"--days is {d}; it must be above 0 and at most 366");
            if (seconds is < 10 or > 86_400) throw new UsageException($"--interval is {seconds}; it must be 10 to 86400 seconds");
            if (perKind is < 1 or > 5000) throw new UsageException($"--sites is {perKind}; it must be 1 to 5000");
            options = options with
            {
                DurationHours = dayCount * 24 ?? options.DurationHours,
                IntervalSeconds = seconds ?? options.IntervalSeconds,
                SitesPerKind = perKind ?? options.SitesPerKind,
            };
            var errors = options.Validate();
            if (errors.Count > 0) throw new UsageException("the telemetry options are invalid: " + string.Join("; ", errors));
            var pace = result.GetValue(acceleration);
            if (!double.IsFinite(pace) || pace < 0) throw new UsageException($"--acceleration is {pace}; it must be 0 (as fast as possible) or positive");
            var doPublish = result.GetValue(publish);
            if (!doPublish && (result.GetValue(transport) is not null || result.GetValue(brokers) is not null))
                throw new UsageException("--transport and --brokers only apply with --publish");

            var seedValue = result.GetValue(seed);
            var sensorSites = await Sites(result.GetValue(twin), result.GetValue(city), options, seedValue, ct);
            var series = Generate(options, sensorSites, seedValue, ct);
            var summary = TelemetryDataset.Write(series, result.GetValue(output)!);
            PrintSummary(summary, series);

            if (doPublish)
            {
                await using var provider = MessagingServices(result.GetValue(transport), result.GetValue(brokers));
                var bus = provider.GetRequiredService<IEventBus>();
                var published = await Publish(new TelemetryPublisher(bus) { TimeAcceleration = pace }, series, ct);
                AnsiConsole.MarkupLineInterpolated($"published [green]{published.Readings:N0}[/] readings in {published.Events:N0} events on {Topics.TelemetryRaw}");
            }
            return 0;
        });
        return command;
    }

    private static TelemetrySynthesisOptions LoadOptions(string? path) =>
        path is null ? new TelemetrySynthesisOptions() : SynthOptionsFile.Load<TelemetrySynthesisOptions>(path);

    private static async Task<IReadOnlyList<SensorSite>> Sites(string? twinUrl, string? city, TelemetrySynthesisOptions options, int seed, CancellationToken ct)
    {
        if (twinUrl is null)
        {
            if (city is not null) throw new UsageException("--city only applies with --twin");
            return SensorLayout.Generate(options, seed);
        }
        if (!TwinInput.TryParseUrl(twinUrl, out var url)) throw new UsageException($"--twin '{twinUrl}' is not an http(s) URL");
        using var reader = TwinReaders.Connect(url);
        try
        {
            var sites = await new TwinSensorSites(reader, url).ReadAsync(options.Kinds, city, ct);
            if (sites.Count == 0)
                throw new UsageException($"--twin {twinUrl} holds no located sensors of kinds {string.Join(", ", options.Kinds)}{(city is null ? "" : $" in city '{city}'")}");
            AnsiConsole.MarkupLineInterpolated($"sensors from the twin at [blue]{url}[/]: {sites.Count}");
            return sites;
        }
        catch (ScenarioInputException e)
        {
            throw new UsageException($"--twin: {TwinReaders.Explain(e)}");
        }
    }

    private static TelemetrySeries Generate(TelemetrySynthesisOptions options, IReadOnlyList<SensorSite> sites, int seed, CancellationToken ct) =>
        AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("generating", maxValue: 1);
                var series = TelemetryDataset.Generate(options, sites, seed, new InlineProgress<SynthesisProgress>(p =>
                {
                    task.Value = p.Fraction;
                    task.Description = p.Stage;
                }), ct);
                task.Value = 1;
                return series;
            });

    private static Task<TelemetryPublishResult> Publish(TelemetryPublisher publisher, TelemetrySeries series, CancellationToken ct) =>
        AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("publishing", maxValue: 1);
                var published = await publisher.PublishAsync(series, new InlineProgress<SynthesisProgress>(p =>
                {
                    task.Value = p.Fraction;
                    task.Description = p.Stage;
                }), ct);
                task.Value = 1;
                return published;
            });

    /// <summary>The server's messaging configuration path: environment, then the flags, through <see cref="MessagingTransport"/>.</summary>
    private static ServiceProvider MessagingServices(string? transport, string? brokers)
    {
        var overrides = new Dictionary<string, string?>();
        if (brokers is not null)
        {
            overrides[KafkaOptions.SectionName + ":BootstrapServers"] = brokers;
            transport ??= MessagingTransport.Kafka;
        }
        if (transport is not null) overrides[MessagingTransport.Key] = transport;
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
        var services = new ServiceCollection().AddLogging();
        try
        {
            MessagingTransport.Add(services, configuration);
        }
        catch (TargetException e)
        {
            throw new UsageException($"--publish: {e.Message}");
        }
        return services.BuildServiceProvider();
    }

    private static void PrintSummary(SynthesisSummary summary, TelemetrySeries series)
    {
        var table = new Table().AddColumns("figure", "value");
        foreach (var (name, value) in summary.Figures) table.AddRow(name, value.ToString("#,0.###", CultureInfo.InvariantCulture));
        foreach (var group in series.Labels.GroupBy(l => l.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
            table.AddRow($"  {group.Key}", group.Count().ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"{summary.Description}");
        AnsiConsole.MarkupLineInterpolated($"written to [blue]{summary.Directory}[/]");
    }
}
