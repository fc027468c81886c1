using CityMesh.Contracts.Safety;
using CityMesh.Messaging;
using CityMesh.Safety.Incidents;
using CityMesh.Simulation.Air.Alerts;
using Microsoft.Extensions.Hosting;

namespace CityMesh.Safety.Air;

/// <summary>
/// What safety does when a station's air crosses a band (<see cref="AirMonitor.Changed"/>): announces it on
/// <c>safety.events</c> (<see cref="RaisedType"/>, <see cref="ClearedType"/>, subject the station) and keeps the
/// station's air quality incident: opened when the alert is raised, its severity following the band (Poor medium,
/// Very poor high, Extremely poor critical), closed when the air has been clearly better for the alert's hold time.
/// </summary>
public sealed class AirResponse : IHostedService
{
    public const string RaisedType = "io.citymesh.safety.air-alert";
    public const string ClearedType = "io.citymesh.safety.air-cleared";

    private readonly IEventBus _bus;
    private readonly IncidentBook _incidents;

    public AirResponse(AirMonitor monitor, IEventBus bus, IncidentBook incidents)
    {
        (_bus, _incidents) = (bus, incidents);
        monitor.Changed += OnChangedAsync;
    }

    // Hosted so that it exists from start: it listens to the monitor from its constructor.
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public static string CauseOf(string station) => $"{IncidentTerms.AirQuality}:{station}";

    /// <summary>The incident severity of an index band: the bands above the alert band step up the scale.</summary>
    public static string SeverityOf(string band) => band switch
    {
        "Extremely poor" => "critical",
        "Very poor" => "high",
        _ => "medium",
    };

    private async Task OnChangedAsync(AirAlertChange change, AirStationNow station, CancellationToken ct)
    {
        var alert = change.Alert;
        var cleared = change.Kind == AirAlertChangeKind.Cleared;
        await _bus.PublishAsync(Topics.DomainEvents(IncidentBook.Domain),
            CloudEvent.Create(FloodAlert.Source, cleared ? ClearedType : RaisedType, change, subject: alert.Station), ct);
        var text = $"{station.Name}: {alert.Pollutant.ToUpperInvariant()} {alert.Value:0.0} µg/m³ over {alert.AveragingHours} h, {alert.BandName}";
        if (cleared)
        {
            _incidents.CloseCause(CauseOf(alert.Station), $"{station.Name}: the air is back below {alert.BandName} ({alert.Pollutant.ToUpperInvariant()} {alert.Value:0.0} µg/m³)");
            return;
        }
        await _incidents.RaiseAsync(new IncidentReport(IncidentTerms.AirQuality, $"Air quality {alert.BandName.ToLowerInvariant()} at {station.Name}",
            SeverityOf(alert.BandName), $"{text}. {station.SensitiveMessage}", station.Longitude, station.Latitude, [alert.Station],
            Cause: CauseOf(alert.Station), Ref: alert.Station), ct);
    }
}
