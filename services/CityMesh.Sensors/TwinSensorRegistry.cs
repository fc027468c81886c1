using System.Text.Json;
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
}
