using CityMesh.Simulation.Twin;
using System.Text.Json;
using CityMesh.Contracts.Health;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Client;

namespace CityMesh.Sensors;

/// <summary>The roster read through the twin read API (<see cref="TwinReaderClient"/>), one streamed query per sensor or context type.</summary>
public sealed class TwinSensorRegistry(TwinReaderConnection twin) : ISensorRegistry
{
    /// <summary>The name the module's calls to the twin carry (its service identity) and its reader connection's key.</summary>
    public const string Service = "sensors";

    public string Source
    {
        get
        {
            try
            {
                return $"the twin at {twin.Address}";
            }
            catch (InvalidOperationException)
            {
                return "the twin (address not known yet)";
            }
        }
    }

    public async Task<TelemetrySimulatorRoster> LoadAsync(CancellationToken ct)
    {
        // The twin says it serves once its city is seeded: a roster read before would hold half the sensors.
        await twin.Client.WaitUntilServingAsync(ct);
        var entities = new List<JsonElement>();
        foreach (var type in TelemetrySimulatorRoster.Types)
            entities.AddRange((await twin.Client.QueryAsync(TwinQuery.OfTypes(type), ct)).Entities);
        return TelemetrySimulatorRoster.From(entities);
    }

    public async Task<Water.WaterFieldSetup?> LoadWaterAsync(string network, string city, CancellationToken ct)
    {
        await twin.Client.WaitUntilServingAsync(ct);
        var elements = new List<CityMesh.Simulation.Twin.TwinElement>();
        foreach (var type in CityMesh.Simulation.Water.Twin.NgsiWaterEntities.TypesWithMeters)
            elements.AddRange((await twin.Client.QueryAsync(TwinQuery.OfCity(type, city), ct)).Entities
                .Select(e => CityMesh.Simulation.Twin.NgsiElements.From(e, city)));
        if (!elements.Any(e => e.Type == EntityTypes.WaterNetwork && e.LocalId == network)) return null;
        var net = CityMesh.Simulation.Water.Twin.WaterNetworkReading.Read(elements, network);
        return CityMesh.Simulation.Water.Twin.WaterMeters.Read(net, network, elements) is { } meters ? new Water.WaterFieldSetup(net, meters) : null;
    }

    public async Task<IReadOnlyList<CrewOrder>> LoadOrdersAsync(CancellationToken ct)
    {
        var dispatched = (await twin.Client.QueryAsync(TwinQuery.OfTypes(EntityTypes.Vehicle), ct)).Entities.Select(e => new NgsiEntity(e))
            // Dispatched: a new order. On a call: the hospital may have changed (a reroute round closed roads).
            .Where(v => v.TextOrNull("emergencyStatus") is AmbulanceStatus.Dispatched or AmbulanceStatus.AtScene or AmbulanceStatus.Transporting)
            .Select(v => (v.Id, Call: v.ObjectOrNull("refEmergencyCall"), Hospital: v.ObjectOrNull("refHospital")))
            .Where(v => v.Call is not null && v.Hospital is not null)
            .ToArray();
        if (dispatched.Length == 0) return [];
        // The places of the calls and hospitals named, in one read.
        var ids = dispatched.Select(v => v.Call!).Concat(dispatched.Select(v => v.Hospital!)).Distinct(StringComparer.Ordinal).ToArray();
        var places = (await twin.Client.QueryAsync(new TwinQuery { Ids = ids }, ct)).Entities.Select(e => new NgsiEntity(e))
            .Where(e => e.Location?.Anchor is not null).ToDictionary(e => e.Id, e => e.Location!.Anchor, StringComparer.Ordinal);
        return [.. dispatched
            .Where(v => places.ContainsKey(v.Call!) && places.ContainsKey(v.Hospital!))
            .Select(v => new CrewOrder(v.Id, v.Call!, places[v.Call!], places[v.Hospital!]))];
    }
}
