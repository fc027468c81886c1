using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Energy.Twin;
using CityMesh.Simulation.Twin;
using CityMesh.Twin.Client;

namespace CityMesh.Energy.Grid;

/// <summary>
/// The grid and what it carries now, read from the twin's entities: per bus, what its meter reads (<c>load</c>, kW, net
/// of the PV behind it; a bus without a meter draws its planned <c>peakDemand</c>), the chargers' and PV arrays' power
/// behind it (what relief can shift or curtail), whether governance shed it, and whether it supplies a hospital or a
/// shelter (its <c>critical</c> flag, or a hospital naming it): such a bus is never shed.
/// </summary>
public sealed record LiveGridInput(CityGrid Grid, double[] LoadKw, double[] ChargingKw, double[] SolarKw, bool[] Shed, bool[] Critical,
    IReadOnlyDictionary<int, IReadOnlyList<string>> ChargersAt, IReadOnlyDictionary<int, IReadOnlyList<string>> SolarAt)
{
    /// <summary>Buses whose load is a meter's reading, not their planned peak.</summary>
    public int Metered { get; init; }

    /// <summary>The newest meter reading's time: the city's clock as the meters keep it (a simulated city may run fast); null with no reading.</summary>
    public DateTimeOffset? ReadAt { get; init; }

    /// <summary>Per bus, when its meter's reading in <see cref="LoadKw"/> was taken; null where the bus has no reading (its planned peak stands in).</summary>
    public IReadOnlyList<DateTimeOffset?> MeterReadAt { get; init; } = [];

    public const string SupplyStatus = "supplyStatus", ShedStatus = "shed";

    /// <summary>The entity types the energy service follows: the grid's, and what hangs on it.</summary>
    public static readonly IReadOnlyList<string> Types =
        [.. GridEntities.Types, EntityTypes.EVChargingStation, EntityTypes.PVSystem, EntityTypes.Hospital];

    /// <exception cref="GridFormatException">A grid element does not fit.</exception>
    public static LiveGridInput Read(IReadOnlyCollection<JsonElement> entities, string city)
    {
        var grid = GridEntities.Read(entities.Select(e => new NgsiEntity(e)).Where(e => GridEntities.Types.Contains(e.Type))
            .Select(e => NgsiElements.From(e.Json, city)));
        var index = new Dictionary<string, int>(grid.Buses.Count, StringComparer.Ordinal);
        for (var i = 0; i < grid.Buses.Count; i++) index[EntityIds.Create(EntityTypes.BusbarSection, city, grid.Buses[i].Id)] = i;
        var n = grid.Buses.Count;
        var load = new double[n];
        var charging = new double[n];
        var solar = new double[n];
        var shed = new bool[n];
        var critical = new bool[n];
        var chargers = new Dictionary<int, List<string>>();
        var arrays = new Dictionary<int, List<string>>();
        var metered = 0;
        DateTimeOffset? readAt = null;
        var meterReadAt = new DateTimeOffset?[n];
        for (var i = 0; i < n; i++) critical[i] = grid.Buses[i].Critical;
        foreach (var json in entities)
        {
            var e = new NgsiEntity(json);
            switch (e.Type)
            {
                case EntityTypes.BusbarSection when index.TryGetValue(e.Id, out var b):
                    shed[b] = e.TextOrNull(SupplyStatus) == ShedStatus;
                    var reading = e.NumberOrNull("load");
                    if (reading is not null) metered++;
                    if (reading is not null && e.ObservedAt("load") is { } observed)
                    {
                        meterReadAt[b] = observed;
                        if (readAt is null || observed > readAt) readAt = observed;
                    }
                    load[b] = shed[b] ? 0 : reading ?? grid.Buses[b].PeakKw;
                    break;
                case EntityTypes.EVChargingStation when e.ObjectOrNull("refBusbarSection") is { } bus && index.TryGetValue(bus, out var b):
                    if (e.TextOrNull("chargingMode") != "deferred") charging[b] += Math.Max(0, e.NumberOrNull("power") ?? 0);
                    (chargers.TryGetValue(b, out var c) ? c : chargers[b] = []).Add(e.Id);
                    break;
                case EntityTypes.PVSystem when e.ObjectOrNull("refBusbarSection") is { } bus && index.TryGetValue(bus, out var b):
                    solar[b] += Math.Max(0, e.NumberOrNull("power") ?? 0);
                    (arrays.TryGetValue(b, out var a) ? a : arrays[b] = []).Add(e.Id);
                    break;
                case EntityTypes.Hospital when e.ObjectOrNull("refBusbarSection") is { } bus && index.TryGetValue(bus, out var b):
                    critical[b] = true;
                    break;
            }
        }
        return new LiveGridInput(grid, load, charging, solar, shed, critical,
            chargers.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value), arrays.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value))
        {
            Metered = metered,
            ReadAt = readAt,
            MeterReadAt = meterReadAt,
        };
    }
}
