using CityMesh.Limits;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// The input files a SUMO configuration (<c>.sumocfg</c>) names: its network, route files and additional files, paths
/// taken from the configuration's folder as SUMO takes them. Route files after the first are read as additional files
/// (SUMO reads vehicles, routes and flows from either). The run options a simulation takes from it are kept
/// (<see cref="End"/>, <see cref="StepLength"/>, <see cref="TimeToTeleport"/>, <see cref="Seed"/>); every other option
/// it sets is listed in <see cref="NotApplied"/>, for the caller to say so: a run from a configuration never silently
/// differs from SUMO's.
/// </summary>
/// <param name="Routes">The first route file; the others lead <see cref="Additional"/>.</param>
public sealed record SumoConfiguration(string Network, string Routes, IReadOnlyList<string> Additional, IReadOnlyList<string> NotApplied)
{
    /// <summary>SUMO's end: the simulated second the run stops at; null when the configuration sets none.</summary>
    public double? End { get; init; }

    /// <summary>SUMO's step-length, seconds.</summary>
    public double? StepLength { get; init; }

    /// <summary>SUMO's time-to-teleport, seconds; 0 or less turns teleports off.</summary>
    public double? TimeToTeleport { get; init; }

    public int? Seed { get; init; }

    /// <summary>Options that only shape SUMO's own output, logs or GUI: nothing a run's traffic depends on.</summary>
    private static readonly HashSet<string> OutputOnly = new(StringComparer.Ordinal)
    {
        "log", "message-log", "error-log", "verbose", "no-step-log", "no-warnings", "xml-validation", "duration-log.statistics",
        "duration-log.disable", "gui-settings-file", "begin", "tripinfo-output", "summary-output", "statistic-output", "vehroute-output",
        "fcd-output", "netstate-dump", "emission-output", "output-prefix", "start", "quit-on-end", "delay",
    };

    /// <exception cref="TrafficImportException">No network or route file, or an element without its value; the message names it.</exception>
    public static SumoConfiguration Read(string path, InputLimits? limits = null)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string? network = null;
        List<string> routes = [], additional = [], notApplied = [];
        double? end = null, stepLength = null, timeToTeleport = null;
        int? seed = null;
        using (var xml = new XmlElementReader(path, limits ?? InputLimits.Default))
        {
            if (!xml.NextElement()) throw new TrafficImportException(path, "is empty; a SUMO configuration has a root element with its options inside");
            while (xml.NextElement())
            {
                // Sections (input, time, processing, ...) hold the options; an option is an element with a value.
                if (xml.Optional("value") is not { } value) continue;
                List<string> Files() => [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => Path.GetFullPath(f, folder))];
                switch (xml.Element)
                {
                    case "net-file" or "n":
                        network = Files().SingleOrDefault() ?? throw xml.Error("value", "names no network file");
                        break;
                    case "route-files" or "r":
                        routes.AddRange(Files());
                        break;
                    case "additional-files" or "a":
                        additional.AddRange(Files());
                        break;
                    case "end" or "e":
                        end = SumoDeparture.Time(xml, "value", value);
                        break;
                    case "step-length":
                        stepLength = xml.InBound("value", value, ImportBounds.StepLength);
                        break;
                    case "time-to-teleport":
                        timeToTeleport = xml.ParseDouble("value", value);
                        break;
                    case "seed":
                        seed = xml.ParseInt("value", value);
                        break;
                    default:
                        if (!OutputOnly.Contains(xml.Element)) notApplied.Add($"{xml.Element}={value}");
                        break;
                }
            }
        }
        if (network is null) throw new TrafficImportException(path, "names no net-file; CityMesh runs a configuration's own network");
        if (routes.Count == 0) throw new TrafficImportException(path, "names no route-files; CityMesh runs a configuration's own demand");
        return new SumoConfiguration(network, routes[0], [.. routes.Skip(1), .. additional], notApplied)
        {
            End = end, StepLength = stepLength, TimeToTeleport = timeToTeleport, Seed = seed,
        };
    }
}
