using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Simulation.Energy.Matpower;
using CityMesh.Simulation.Energy.Twin;
using CityMesh.Simulation.Twin;
using CityMesh.Twin.Model;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;

namespace CityMesh.Scenarios.Tests.Energy;

/// <summary>
/// Two cities in one real twin (an in-memory store behind the read API, <see cref="ReadApiTwin"/>), each holding the
/// 33-bus Baran &amp; Wu feeder as <c>citymesh energy import</c> writes it (<see cref="MatpowerGrid.From"/>, then
/// <see cref="GridEntities.Describe"/>): <see cref="Plain"/> just the grid; <see cref="Metered"/> the grid with what hangs
/// on it and three days of history (local days 10–12 July 2026, UTC+8): bus 18's meter reading
/// <see cref="MeterBaseKw"/> less the PV behind it (<see cref="PvKw"/>, 50 kWp with its own history), so its day peaks
/// at 03:00; a 22 kW charger at bus 25; at bus 30 a commercial building of 5,000 m² beside two residential ones of 3,000
/// m² together (commercial by floor area, residential by count); a hospital at bus 8; a shelter in a building at bus 20;
/// and a weather station whose temperature averages 30 °C.
/// </summary>
public sealed class EnergyTwin : IAsyncLifetime
{
    public const string Plain = "case33", Metered = "metered", CaseName = "case33bw";

    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>Bus 18's base load at a local hour, kW: 20 to 100, highest at 03:00.</summary>
    public static double MeterBaseKw(int hour) => 60 + 40 * Math.Cos(2 * Math.PI * (hour - 3) / 24);

    /// <summary>What the PV behind bus 18's meter gives at a local hour, kW.</summary>
    public static double PvKw(int hour) => hour is >= 10 and <= 14 ? 30 : 0;

    public static double Celsius(int hour) => 30 + 4 * Math.Cos(2 * Math.PI * (hour - 15) / 24);

    private ReadApiTwin _twin = null!;

    public ReadApiTwin Twin => _twin;

    public static string Id(string type, string local) => EntityIds.Create(type, Metered, local);

    public static string Bus(int number) => Id(EntityTypes.BusbarSection, $"{CaseName}-bus{number}");

    public async Task InitializeAsync()
    {
        // The twin's default depth: three days of hourly readings need more than the store's own default.
        var store = new MemoryTwinStore(new CityMesh.Twin.TwinOptions().HistoryDepth);
        var grid = MatpowerGrid.From(MatpowerReader.Read(EnergyCase.Case33), CaseName);
        foreach (var city in new[] { Plain, Metered })
            await store.UpsertAsync([.. GridEntities.Describe(grid).Select(e => Of(e, city))], UpsertMode.Replace);

        Entity E(string type, string local, params (string Name, object Value, string? Unit)[] attributes) => new()
        {
            Id = Id(type, local),
            Type = type,
            Properties = attributes.Where(a => a.Value is not string s || !s.StartsWith("urn:", StringComparison.Ordinal))
                .ToDictionary(a => a.Name, a => new Property(a.Value is string text ? TwinValue.Of(text) : TwinValue.Of(Convert.ToDouble(a.Value, System.Globalization.CultureInfo.InvariantCulture)), a.Unit)),
            Relationships = attributes.Where(a => a.Value is string s && s.StartsWith("urn:", StringComparison.Ordinal))
                .ToDictionary(a => a.Name, a => new Relationship((string)a.Value)),
        };
        await store.UpsertAsync(
        [
            E(EntityTypes.PVSystem, "pv1", ("capacity", 50, UnitCodes.Kilowatt), ("refBusbarSection", Bus(18), null)),
            E(EntityTypes.EVChargingStation, "ev1", ("ratedPower", 22, UnitCodes.Kilowatt), ("refBusbarSection", Bus(25), null)),
            E(EntityTypes.Building, "b1", ("usage", "commercial", null), ("floorArea", 5000, UnitCodes.SquareMetre), ("refBusbarSection", Bus(30), null)),
            E(EntityTypes.Building, "b2", ("usage", "residential", null), ("floorArea", 2000, UnitCodes.SquareMetre), ("refBusbarSection", Bus(30), null)),
            E(EntityTypes.Building, "b3", ("usage", "residential", null), ("floorArea", 1000, UnitCodes.SquareMetre), ("refBusbarSection", Bus(30), null)),
            E(EntityTypes.Building, "b4", ("usage", "school", null), ("floorArea", 800, UnitCodes.SquareMetre), ("refBusbarSection", Bus(20), null)),
            E(EntityTypes.Hospital, "h1", ("name", "Hospital No. 1", null), ("refBusbarSection", Bus(8), null)),
            E(EntityTypes.Shelter, "s1", ("name", "School shelter", null), ("refBuilding", Id(EntityTypes.Building, "b4"), null)),
            E(EntityTypes.WeatherObserved, "w1", ("name", "Weather station 1", null)),
        ], UpsertMode.Replace);

        var observations = new List<Observation>();
        var first = new DateTimeOffset(2026, 7, 10, 0, 0, 0, Offset);
        for (int t = 0; t < 72; t++)
        {
            var at = first.AddHours(t);
            int hour = at.Hour;
            observations.Add(new(Bus(18), "load", TwinValue.Of(MeterBaseKw(hour) - PvKw(hour)), at, UnitCodes.Kilowatt));
            observations.Add(new(Id(EntityTypes.PVSystem, "pv1"), "power", TwinValue.Of(PvKw(hour)), at, UnitCodes.Kilowatt));
            observations.Add(new(Id(EntityTypes.WeatherObserved, "w1"), "temperature", TwinValue.Of(Celsius(hour)), at, "CEL"));
        }
        await store.ApplyAsync(observations);
        _twin = await ReadApiTwin.StartAsync(store);
    }

    public async Task DisposeAsync() => await _twin.DisposeAsync();

    /// <summary>The city's grid as a scenario run reads it.</summary>
    public async Task<TwinGrid> ReadAsync(string city, EnergyTwinGridSpec? spec = null)
    {
        using var reader = _twin.Connect();
        return await TwinGrid.ReadAsync(reader, _twin.Address, city, spec ?? new EnergyTwinGridSpec(), Offset.TotalHours, CancellationToken.None);
    }

    /// <summary>An element as an entity of <paramref name="city"/>, as the twin's seeding writes one.</summary>
    private static Entity Of(TwinElement e, string city) => new()
    {
        Id = EntityIds.Create(e.Type, city, e.LocalId),
        Type = e.Type,
        Location = e.Location,
        Properties = e.Properties.ToDictionary(p => p.Key, p => new Property(TwinValue.FromJson(p.Value.Value), p.Value.Unit)),
        Relationships = e.Relationships.ToDictionary(r => r.Key, r => new Relationship(EntityIds.Create(r.Value.Type, city, r.Value.LocalId))),
    };
}
