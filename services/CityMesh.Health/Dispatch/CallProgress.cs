using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Health;
using CityMesh.Health.Twin;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Health.Dispatch;

/// <summary>
/// Keeps each call's status with its crew's progress: the crew's terminal reports where it is in the call cycle, and
/// health, the keeper of the city's calls, writes what that means for the call: at scene, transporting, and closed
/// once the patient is handed over (the crew at hospital, or free again after being on scene).
/// </summary>
public sealed class CallProgress(HealthView view, CallLog log, TimeProvider clock, ILogger<CallProgress> logger) : BackgroundService
{
    public const string Closed = "closed";

    private readonly Dictionary<string, string> _written = new(StringComparer.Ordinal);

    /// <summary>
    /// What the call's status should be given its crew's, or null to leave it. Only a call a crew was sent to moves
    /// on (from dispatched), and only forward; closed is final.
    /// </summary>
    public static string? Next(CallState call, AmbulanceState? crew)
    {
        if (crew is null || crew.Call != call.Id) return null;
        string? next = (call.Status, crew.Status) switch
        {
            (AmbulanceStatus.Dispatched, AmbulanceStatus.AtScene) => AmbulanceStatus.AtScene,
            (AmbulanceStatus.Dispatched or AmbulanceStatus.AtScene, AmbulanceStatus.Transporting) => AmbulanceStatus.Transporting,
            (AmbulanceStatus.AtScene or AmbulanceStatus.Transporting, AmbulanceStatus.AtHospital or AmbulanceStatus.Available) => Closed,
            // At hospital is reached only through the scene, even when health's view missed the steps between.
            (AmbulanceStatus.Dispatched, AmbulanceStatus.AtHospital) => Closed,
            _ => null,
        };
        return next;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var city = await view.NextAsync(stoppingToken);
            try
            {
                await UpdateAsync(city, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Calls not updated from their crews; the next change of the twin tries again");
            }
        }
    }

    /// <summary>Writes each call whose crew has moved it on; a status written is not written again while the twin catches up.</summary>
    public async Task UpdateAsync(HealthSnapshot city, CancellationToken ct)
    {
        var crews = city.Ambulances.Values.Where(a => a.Call is not null).ToLookup(a => a.Call!, StringComparer.Ordinal);
        foreach (var call in city.Calls.Values)
        {
            if (Next(call, crews[call.Id].FirstOrDefault()) is not { } status || _written.GetValueOrDefault(call.Id) == status) continue;
            var attributes = new JsonObject { ["status"] = DispatchProposals.Property(status) };
            if (status == Closed) attributes["closedAt"] = DispatchProposals.Property(clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            if (await log.UpdateAsync(call.Id, JsonSerializer.SerializeToElement(attributes), ct) is { } error)
            {
                logger.LogWarning("Call {Call} not set {Status}: {Error}", call.Id, status, error);
                continue;
            }
            _written[call.Id] = status;
            logger.LogInformation("Call {Call} {Status} (crew {Crew})", call.Id, status, crews[call.Id].First().Id);
        }
    }
}
