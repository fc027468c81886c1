using CityMesh.Simulation.Twin;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Twin;
using CityMesh.Safety.Gauges;
using CityMesh.Simulation.Water;
using CityMesh.Simulation.Water.Hydraulics;
using CityMesh.Simulation.Water.Twin;
using CityMesh.Twin.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Safety.Water;

/// <summary>What the live hydraulics last solved, for the safety API and the tests.</summary>
/// <param name="At">The city's time of the moment solved.</param>
public sealed record WaterState(string Network, DateTimeOffset At, int Junctions, int Links, double MinPressure, double MaxPressure,
    string LowestJunction, double DemandLitresPerSecond, IReadOnlyDictionary<string, double> TankLevels, int Trials, bool Converged, string? Problem);

/// <summary>
/// Keeps the city's water network live: reads the network from the twin (FIWARE's water network entities, as
/// <c>citymesh up</c> seeds them or <c>citymesh water import</c> writes them), starts its hydraulics at the city's time
/// of day from the tanks' levels the twin holds, and every <see cref="SafetyOptions.WaterInterval"/> moves them on
/// (tanks fill and drain, demands follow their patterns) and writes each junction's <c>pressure</c> and <c>head</c>,
/// each link's <c>flow</c> and <c>velocity</c> and each tank's <c>level</c> to the twin. The network is read again when
/// what the network is changes (an element added or removed, a main shut: see <see cref="Definition"/>).
/// </summary>
public sealed class WaterHydraulics(TwinReaderConnection reader, TwinWriter writer, SafetyOptions options, string city, TimeSpan utcOffset,
    TimeProvider clock, ILogger<WaterHydraulics> logger, IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    private IReadOnlyCollection<System.Text.Json.JsonElement> _entities = [];
    private long _readCount = -1;
    private HydraulicSimulation? _simulation;
    private WaterNetwork? _network;
    private DateTimeOffset _last;
    private WaterState? _state;

    /// <summary>Elements written per batch update.</summary>
    public const int WriteBatch = 500;

    public WaterState? State => Volatile.Read(ref _state);

    /// <summary>The middle of an element's geometry in the twin (a pipe's line, a junction's point); null when it has none.</summary>
    public CityMesh.Contracts.Geo.Position? LocationOf(string entityId)
    {
        foreach (var json in Volatile.Read(ref _entities))
        {
            var entity = new NgsiEntity(json);
            if (entity.Id != entityId) continue;
            return entity.Location switch
            {
                CityMesh.Contracts.Geo.LineString { Coordinates.Length: > 0 } line => line.Coordinates[line.Coordinates.Length / 2],
                CityMesh.Contracts.Geo.Point point => point.Coordinates,
                _ => null,
            };
        }
        return null;
    }

    /// <summary>The meters on the network as last read (null before, or when it has none): what the leak watch reads.</summary>
    public WaterMeters? Meters => Volatile.Read(ref _meters);

    private WaterMeters? _meters;

    /// <summary>The network as last read from the twin (closed mains closed); null before the first read.</summary>
    public WaterNetwork? Network => Volatile.Read(ref _network);

    /// <summary>Where the live hydraulics stand when there is no state yet, or why the last step failed, for the API and logs.</summary>
    public string Status => Volatile.Read(ref _status);

    private string _status = "starting";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.WaterInterval == TimeSpan.Zero)
        {
            _status = "off (CityMesh:Safety:WaterInterval is 0)";
            return;
        }
        // The twin's connection opens on first use, and in the embedded mode the twin's port is known only once the host
        // has started: a connection opened before would be to no port, for safety's gauges too (they share it).
        if (lifetime is not null) await lifetime.WhenStartedAsync(stoppingToken);
        _status = "waiting for the twin's water network entities";
        // The meters (Devices) with the network: the leak watch reads what they are of from the same read.
        var follower = new TwinFollower(reader, NgsiWaterEntities.TypesWithMeters, city, clock, logger);
        var following = follower.RunAsync((entities, _) => Volatile.Write(ref _entities, entities), stoppingToken);
        using var timer = new PeriodicTimer(options.WaterInterval, clock);
        try
        {
            // The first solve as soon as the network has been read, not an interval later.
            var poll = options.WaterInterval < TimeSpan.FromSeconds(1) ? options.WaterInterval : TimeSpan.FromSeconds(1);
            while (Volatile.Read(ref _entities).Count == 0) await Task.Delay(poll, clock, stoppingToken);
            do
            {
                try
                {
                    await StepAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Volatile.Write(ref _status, $"not moved on at {clock.GetUtcNow():u}: {e.Message}");
                    logger.LogWarning("Water hydraulics of network {Network} not moved on: {Problem}", options.WaterNetwork, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await following.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Solves the next moment (the first from the twin's tank levels) and writes it to the twin.</summary>
    public async Task StepAsync(CancellationToken ct)
    {
        var entities = Volatile.Read(ref _entities);
        if (entities.Count == 0) return;
        Volatile.Write(ref _status, $"read {entities.Count} water network entities of {city} from the twin; solving network '{options.WaterNetwork}'");
        var now = clock.GetUtcNow();
        var definition = Definition(entities);
        if (definition != _readCount || _simulation is null)
        {
            var elements = entities.Select(e => NgsiElements.From(e, city)).ToList();
            _network = WaterNetworkReading.Read(elements, options.WaterNetwork);
            try
            {
                Volatile.Write(ref _meters, WaterMeters.Read(_network, options.WaterNetwork, elements));
            }
            catch (WaterEntityException e)
            {
                Volatile.Write(ref _meters, null);
                logger.LogWarning("Water network {Network}: its meters cannot be read, so leaks are not watched: {Problem}", options.WaterNetwork, e.Message);
            }
            _simulation = new HydraulicSimulation(_network);
            _readCount = definition;
            var levels = new Dictionary<string, double>(StringComparer.Ordinal);
            // The network's own tanks only (local ids "network-tank"): the twin may hold other networks.
            string prefix = options.WaterNetwork + "-";
            foreach (var e in elements.Where(e => e.Type == EntityTypes.Tank && e.LocalId.StartsWith(prefix, StringComparison.Ordinal)
                         && e.Properties.TryGetValue("level", out var l) && l.Value.ValueKind == System.Text.Json.JsonValueKind.Number))
                levels[EntityIds.NetworkIdOf(e.LocalId[prefix.Length..])] = e.Properties["level"].Value.GetDouble();
            var step = _simulation.Begin(TimeOfDay(now), levels);
            logger.LogInformation("Water network {Network}: {Junctions} junctions, {Links} links live from the twin", options.WaterNetwork, _network.Junctions.Count, _network.LinkCount);
            _last = now;
            await PublishAsync(step, now, ct);
            return;
        }
        long seconds = (long)(now - _last).TotalSeconds;
        if (seconds < 1) return;
        _last = _last.AddSeconds(seconds);
        await PublishAsync(_simulation.Advance(seconds), now, ct);
    }

    /// <summary>Live values, not what the network is: what it writes itself, and what the meters read (a link's open/shut signal too).</summary>
    private static readonly HashSet<string> Computed = new(StringComparer.Ordinal) { "pressure", "head", "flow", "velocity", "level", WaterMeters.Open };

    /// <summary>
    /// A fingerprint of what the network is: every entity's attributes but those the hydraulics write. It changes when
    /// an element is added or removed or its data change (a main shut by an approved isolation, a diameter corrected),
    /// and then the network is read again, from the tanks' levels now.
    /// </summary>
    private static long Definition(IReadOnlyCollection<System.Text.Json.JsonElement> entities)
    {
        var hash = new HashCode();
        hash.Add(entities.Count);
        foreach (var entity in entities.OrderBy(e => e.TryGetProperty("id", out var id) ? id.GetString() : "", StringComparer.Ordinal))
            foreach (var attribute in entity.EnumerateObject())
            {
                hash.Add(attribute.Name);
                if (Computed.Contains(attribute.Name)) continue;
                if (attribute.Value.ValueKind != System.Text.Json.JsonValueKind.Object) { hash.Add(attribute.Value.GetRawText()); continue; }
                if (attribute.Value.TryGetProperty("value", out var value)) hash.Add(value.GetRawText());
                if (attribute.Value.TryGetProperty("object", out var target)) hash.Add(target.GetRawText());
            }
        return hash.ToHashCode();
    }

    /// <summary>Seconds since the city's midnight: the patterns' clock.</summary>
    private long TimeOfDay(DateTimeOffset now) => (long)(now.ToOffset(utcOffset).TimeOfDay.TotalSeconds);

    private async Task PublishAsync(HydraulicStep step, DateTimeOffset at, CancellationToken ct)
    {
        var net = _network!;
        var stamp = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
        string Id(string type, string element) => EntityIds.Create(type, city, $"{options.WaterNetwork}-{EntityIds.LocalIdOf(element)}");
        JsonObject Number(double value, string unit) => new() { ["type"] = "Property", ["value"] = Math.Round(value, 4), ["unitCode"] = unit, ["observedAt"] = stamp };
        int lowest = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity, demand = 0;
        // One batch update per WriteBatch entities, not a request per element: a utility's network has thousands.
        var batch = new List<JsonObject>(WriteBatch);
        var problems = 0;
        async Task Add(string type, string element, JsonObject attributes)
        {
            attributes["id"] = Id(type, element);
            attributes["type"] = type;
            batch.Add(attributes);
            if (batch.Count >= WriteBatch) await FlushAsync();
        }
        async Task FlushAsync()
        {
            if (batch.Count == 0) return;
            var body = System.Text.Json.JsonSerializer.SerializeToElement(new JsonArray([.. batch]));
            if (await writer.WriteManyAsync(body, ct) is { } error)
            {
                problems++;
                logger.LogWarning("Water network {Network}: the twin refused part of the live hydraulics' write of {Count} elements: {Error}", options.WaterNetwork, batch.Count, error);
            }
            batch.Clear();
        }
        for (int j = 0; j < net.Junctions.Count; j++)
        {
            double p = step.Head[j] - net.Junctions[j].Elevation;
            if (p < min) (min, lowest) = (p, j);
            max = Math.Max(max, p);
            demand += step.Outflow[j];
            await Add(EntityTypes.Junction, net.Junctions[j].Id, new JsonObject { ["pressure"] = Number(p, UnitCodes.Metre), ["head"] = Number(step.Head[j], UnitCodes.Metre) });
        }
        var tanks = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int t = 0; t < net.Tanks.Count; t++)
        {
            int node = net.Junctions.Count + net.Reservoirs.Count + t;
            double level = step.Head[node] - net.Tanks[t].Elevation;
            tanks[net.Tanks[t].Id] = Math.Round(level, 3);
            await Add(EntityTypes.Tank, net.Tanks[t].Id, new JsonObject { ["level"] = Number(level, UnitCodes.Metre) });
        }
        int k = 0;
        foreach (var (type, id, diameter) in net.Pipes.Select(p => (EntityTypes.Pipe, p.Id, p.Diameter))
                     .Concat(net.Pumps.Select(p => (EntityTypes.Pump, p.Id, 0.0)))
                     .Concat(net.Valves.Select(v => (EntityTypes.Valve, v.Id, v.Diameter))))
        {
            double q = step.Flow[k++];
            var patch = new JsonObject { ["flow"] = Number(q * 1e3, UnitCodes.LitrePerSecond) };
            if (diameter > 0) patch["velocity"] = Number(q / (Math.PI * diameter * diameter / 4), "MTS");
            await Add(type, id, patch);
        }
        await FlushAsync();
        Volatile.Write(ref _state, new WaterState(options.WaterNetwork, at.ToOffset(utcOffset), net.Junctions.Count, net.LinkCount, Math.Round(min, 3), Math.Round(max, 3),
            net.Junctions.Count > 0 ? net.Junctions[lowest].Id : "", Math.Round(demand * 1e3, 3), tanks, step.Solve.Trials, step.Solve.Converged, step.Solve.Problem));
    }

    private static System.Text.Json.JsonElement Element(JsonObject o) => System.Text.Json.JsonSerializer.SerializeToElement(o);
}
