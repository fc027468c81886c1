using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace CityMesh.Simulation.Traffic.Sumo;

/// <param name="Additional">Additional files, passed as sumo -a.</param>
/// <param name="OutputDirectory">Where sumo writes its tripinfo and runs; the routes' directory when null.</param>
/// <param name="TimeToTeleport">SUMO's --time-to-teleport, seconds (0 or less: never); SUMO's own 300 when null.</param>
public sealed record SumoRunOptions(int Seed = 42, double StepLength = 1, double? End = null, IReadOnlyList<string>? Additional = null,
    string? OutputDirectory = null, double? TimeToTeleport = null);

/// <summary>
/// What SUMO reported for one run. Trip means are over arrived vehicles, computed from tripinfo the same way
/// CityMesh computes its own, so the two are compared like for like.
/// </summary>
/// <param name="VehicleUpdatesPerSecond">SUMO's own UPS figure: vehicle-steps over the simulation loop's wall time.</param>
/// <param name="SimulationTime">The loop's wall time as SUMO reports it (loading excluded).</param>
public sealed record SumoRunResult(
    string Version, double VehicleUpdatesPerSecond, TimeSpan SimulationTime, TimeSpan ProcessTime,
    int Inserted, int Running, int Waiting, int Arrived,
    double MeanTravelTime, double MeanWaitingTime, double MeanRouteLength, double MeanDepartDelay, string TripInfoPath)
{
    /// <summary>Vehicles SUMO teleported (its statistics' Teleports line; 0 when it printed none).</summary>
    public int Teleports { get; init; }

    /// <summary>SUMO's teleports by cause, as its Teleports line breaks them down (Jam, Yield, Wrong Lane).</summary>
    public int TeleportsJam { get; init; }

    public int TeleportsYield { get; init; }

    public int TeleportsWrongLane { get; init; }

    /// <summary>Vehicles SUMO teleported after a collision (its default collision action).</summary>
    public int TeleportsCollision { get; init; }
}

/// <summary>Runs Debian's <c>sumo</c> on a network and routes and reads back its statistics and tripinfo.</summary>
public static partial class SumoRunner
{
    public static async Task<SumoRunResult> RunAsync(SumoInstallation sumo, string network, string routes, SumoRunOptions options,
        CancellationToken ct = default)
    {
        var directory = options.OutputDirectory ?? Path.GetDirectoryName(Path.GetFullPath(routes))!;
        var tripInfo = Path.Combine(directory, "sumo-tripinfo.xml");
        var arguments = new List<string>
        {
            "-n", Path.GetFullPath(network), "-r", Path.GetFullPath(routes), "--tripinfo-output", tripInfo, "--duration-log.statistics", "true",
            "--no-step-log", "true", "--seed", options.Seed.ToString(CultureInfo.InvariantCulture),
            "--step-length", SumoScenario.Invariant(options.StepLength), "--no-warnings", "true",
        };
        if (options.End is { } end) arguments.AddRange(["--end", SumoScenario.Invariant(end)]);
        if (options.TimeToTeleport is { } teleport) arguments.AddRange(["--time-to-teleport", SumoScenario.Invariant(teleport)]);
        if (options.Additional is { Count: > 0 } additional) arguments.AddRange(["-a", string.Join(',', additional.Select(Path.GetFullPath))]);
        var output = await SumoProcess.RunAsync(sumo, sumo.Sumo, arguments, directory, ct);
        var log = output.StandardOutput + "\n" + output.StandardError;
        var trips = ReadTripInfo(tripInfo);
        return new SumoRunResult(
            Version: VersionPattern().Match(log) is { Success: true } v ? v.Groups[1].Value : "unknown",
            VehicleUpdatesPerSecond: Number(log, UpsPattern(), "UPS"),
            SimulationTime: TimeSpan.FromSeconds(Number(log, DurationPattern(), "Duration")),
            ProcessTime: output.Elapsed,
            Inserted: (int)Number(log, InsertedPattern(), "Inserted"),
            Running: (int)Number(log, RunningPattern(), "Running"),
            Waiting: (int)Number(log, WaitingPattern(), "Waiting"),
            Arrived: trips.Count,
            MeanTravelTime: trips.Count == 0 ? 0 : trips.Duration / trips.Count,
            MeanWaitingTime: trips.Count == 0 ? 0 : trips.Waiting / trips.Count,
            MeanRouteLength: trips.Count == 0 ? 0 : trips.RouteLength / trips.Count,
            MeanDepartDelay: trips.Count == 0 ? 0 : trips.DepartDelay / trips.Count,
            TripInfoPath: tripInfo)
        {
            Teleports = TeleportsPattern().Match(log) is { Success: true } t ? int.Parse(t.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            TeleportsJam = Cause(log, "Jam"),
            TeleportsYield = Cause(log, "Yield"),
            TeleportsWrongLane = Cause(log, "Wrong Lane"),
            TeleportsCollision = Cause(log, "Collisions"),
        };
    }

    /// <summary>One cause's count from SUMO's "Teleports: 73 (Jam: 23, Yield: 50)" or "Teleports: 174 (Collisions: 174)" line; 0 when it lists none.</summary>
    private static int Cause(string log, string cause)
    {
        var line = TeleportsPattern().Match(log);
        if (!line.Success) return 0;
        var end = log.IndexOf('\n', line.Index);
        var text = end < 0 ? log[line.Index..] : log[line.Index..end];
        var match = Regex.Match(text, Regex.Escape(cause) + @": (\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private sealed record TripSums(int Count, double Duration, double Waiting, double RouteLength, double DepartDelay);

    private static TripSums ReadTripInfo(string path)
    {
        if (!File.Exists(path)) throw new SumoException($"sumo wrote no tripinfo file at {path}");
        int count = 0;
        double duration = 0, waiting = 0, length = 0, delay = 0;
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Name != "tripinfo") continue;
            count++;
            duration += Attribute(reader, "duration");
            waiting += Attribute(reader, "waitingTime");
            length += Attribute(reader, "routeLength");
            delay += Attribute(reader, "departDelay");
        }
        return new TripSums(count, duration, waiting, length, delay);
    }

    private static double Attribute(XmlReader reader, string name) =>
        double.TryParse(reader.GetAttribute(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new SumoException($"tripinfo {reader.GetAttribute("id")}: attribute {name} missing or not a number");

    private static double Number(string log, Regex pattern, string what) =>
        pattern.Match(log) is { Success: true } m && double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new SumoException($"sumo printed no {what} figure (was --duration-log.statistics honoured?): {log[..Math.Min(log.Length, 500)]}");

    [GeneratedRegex(@"(?:Simulation version|SUMO sumo Version) (\S+)")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"UPS: ([0-9.eE+-]+)")]
    private static partial Regex UpsPattern();

    [GeneratedRegex(@"Duration: ([0-9.]+)s")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"Inserted: (\d+)")]
    private static partial Regex InsertedPattern();

    [GeneratedRegex(@"Running: (\d+)")]
    private static partial Regex RunningPattern();

    [GeneratedRegex(@"Waiting: (\d+)")]
    private static partial Regex WaitingPattern();

    [GeneratedRegex(@"Teleports: (\d+)")]
    private static partial Regex TeleportsPattern();
}
