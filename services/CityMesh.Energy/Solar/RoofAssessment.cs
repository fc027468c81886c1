using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Compute;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Solar;
using CityMesh.Twin.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Energy.Solar;

/// <summary>What the roof assessment found, for the API.</summary>
public sealed record RoofSummary(DateTimeOffset At, int Roofs, int Good, int Moderate, int Poor, double AnnualMwh, double Kwp, string Backend,
    int SunPositions, double Seconds, double AnnualGhi);

/// <summary>
/// Every roof in the twin assessed for solar panels once at start (<see cref="RoofSolar"/>: the NREL sun positions of
/// the year, clear-sky irradiance on the roof's plane, shading by the neighbouring buildings, on the GPU where one is
/// chosen; the clear sky scaled by the city's clear-sky index, <see cref="EnergyOptions.SolarClearSkyIndex"/>), written to each Building as <c>solarIrradiation</c> (kWh/m² a year on the roof), <c>solarClass</c>
/// (Helsinki's bands), <c>pvCapacityPotential</c> (kWp that fits) and <c>pvPotential</c> (kWh a year).
/// </summary>
public sealed class RoofAssessment(TwinReaderConnection reader, TwinWriter writer, EnergyOptions options, string city, TimeSpan utcOffset,
    TimeProvider clock, ILogger<RoofAssessment> logger, IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    private RoofSummary? _summary;
    private string _status = "starting";

    public RoofSummary? Summary => Volatile.Read(ref _summary);

    public string Status => Volatile.Read(ref _status);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.SolarRoofs)
        {
            _status = $"off ({EnergyOptions.Section}:SolarRoofs is false)";
            return;
        }
        if (lifetime is not null) await lifetime.WhenStartedAsync(stoppingToken);
        _status = "reading the twin's buildings";
        try
        {
            IReadOnlyList<JsonElement> buildings = [];
            // The twin may still be seeding: wait for its buildings.
            while (buildings.Count == 0)
            {
                buildings = (await reader.Client.QueryAsync(TwinQuery.OfCity(EntityTypes.Building, city), stoppingToken)).Entities;
                if (buildings.Count == 0) await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken);
            }
            await AssessAsync(buildings, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            Volatile.Write(ref _status, $"failed: {e.Message}");
            logger.LogWarning("The roofs of {City} were not assessed for solar: {Problem}", city, e.Message);
        }
    }

    public async Task AssessAsync(IReadOnlyList<JsonElement> buildings, CancellationToken ct)
    {
        var roofs = new List<RoofFootprint>();
        var ids = new List<string>();
        var anchor = buildings.Select(b => new NgsiEntity(b).Location?.Anchor).OfType<Position>().FirstOrDefault();
        IGeoreference plane = new LocalTangentPlane(anchor.Latitude, anchor.Longitude);
        foreach (var json in buildings)
        {
            var b = new NgsiEntity(json);
            if (b.Location is not Polygon { Rings.Length: > 0 } polygon || polygon.Rings[0].Length < 4) continue;
            var ring = polygon.Rings[0][..^1].Select(plane.ToPlane).ToArray();
            var height = b.NumberOrNull("height") ?? 3 * (b.NumberOrNull("floorsAboveGround") ?? 3);
            var roof = new RoofFootprint(b.Id, [.. ring.Select(p => p.X)], [.. ring.Select(p => p.Y)], height);
            if (roof.Problems().Count > 0) continue;
            roofs.Add(roof);
            ids.Add(b.Id);
        }
        Volatile.Write(ref _status, $"assessing {roofs.Count} roofs");
        var started = clock.GetTimestamp();
        var backend = ComputeSelector.FromEnvironment();
        var year = clock.GetUtcNow().Year;
        var result = await Task.Run(() => RoofSolar.Assess(roofs, anchor.Latitude, anchor.Longitude, utcOffset, year,
            new SolarOptions { StepMinutes = options.SolarStepMinutes, MonthlyClearSkyIndex = Enumerable.Repeat(options.SolarClearSkyIndex, 12).ToArray() }, backend), ct);
        var batch = new JsonArray();
        foreach (var r in result.Roofs)
        {
            batch.Add(new JsonObject
            {
                ["id"] = r.Id,
                ["type"] = EntityTypes.Building,
                ["solarIrradiation"] = new JsonObject { ["type"] = "Property", ["value"] = Math.Round(r.AnnualKwhPerM2, 1) },
                ["solarClass"] = new JsonObject { ["type"] = "Property", ["value"] = r.Class.ToString().ToLowerInvariant() },
                ["pvCapacityPotential"] = new JsonObject { ["type"] = "Property", ["value"] = Math.Round(r.Kwp, 1), ["unitCode"] = UnitCodes.Kilowatt },
                ["pvPotential"] = new JsonObject { ["type"] = "Property", ["value"] = Math.Round(r.AnnualKwh), ["unitCode"] = UnitCodes.KilowattHour },
            });
            if (batch.Count >= Grid.LiveGrid.WriteBatch) await FlushAsync();
        }
        await FlushAsync();
        var seconds = clock.GetElapsedTime(started).TotalSeconds;
        Volatile.Write(ref _summary, new RoofSummary(clock.GetUtcNow(), result.Roofs.Count, result.Roofs.Count(r => r.Class == SolarClass.Good),
            result.Roofs.Count(r => r.Class == SolarClass.Moderate), result.Roofs.Count(r => r.Class == SolarClass.Poor),
            Math.Round(result.Roofs.Sum(r => r.AnnualKwh) / 1000, 1), Math.Round(result.Roofs.Sum(r => r.Kwp), 1), result.Backend, result.SunPositions,
            Math.Round(seconds, 2), Math.Round(result.AnnualGhi, 1)));
        Volatile.Write(ref _status, $"assessed {result.Roofs.Count} roofs on {result.Backend}");
        logger.LogInformation("Solar potential of {Roofs} roofs of {City} assessed on {Backend} in {Seconds:0.0} s", result.Roofs.Count, city, result.Backend, seconds);

        async Task FlushAsync()
        {
            if (batch.Count == 0) return;
            var problem = await writer.WriteManyAsync(JsonSerializer.SerializeToElement(batch), ct);
            if (problem is not null) logger.LogWarning("The twin refused some roofs' solar potential: {Problem}", problem);
            batch.Clear();
        }
    }

}
