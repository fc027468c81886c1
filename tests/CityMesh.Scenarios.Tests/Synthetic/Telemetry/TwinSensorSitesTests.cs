using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Synthetic.Telemetry;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Simulation.Synthetic.Telemetry;
using CityMesh.Twin.Client;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;

namespace CityMesh.Scenarios.Tests.Synthetic.Telemetry;

/// <summary>Sensor sites read from a real twin: its read API on Kestrel (h2c) over an in-memory store (<see cref="ReadApiTwin"/>).</summary>
public sealed class TwinSensorSitesTests : IAsyncLifetime
{
    private readonly MemoryTwinStore _store = new();
    private ReadApiTwin _app = null!;
    private TwinReaderClient _reader = null!;
    private Uri _twin = null!;

    public async Task InitializeAsync()
    {
        // The twin's reads are not open: the reader holds a scenario author's key, as a worker holds the service key.
        _app = await ReadApiTwin.StartAsync(_store);
        _twin = _app.Address;
        _reader = _app.Connect();

        Entity E(string type, string city, string local, Geometry? at, string? road = null) => new()
        {
            Id = $"urn:ngsi-ld:{type}:{city}:{local}", Type = type, Location = at,
            Relationships = road is null ? new Dictionary<string, Relationship>() : new Dictionary<string, Relationship> { ["refRoadSegment"] = new(road) },
        };
        foreach (var entity in new[]
        {
            E(EntityTypes.TrafficFlowObserved, "jinan", "d1", new Point(117.01, 36.66), "urn:ngsi-ld:RoadSegment:jinan:r1"),
            E(EntityTypes.TrafficFlowObserved, "jinan", "d2", new Point(117.02, 36.67)),
            E(EntityTypes.TrafficFlowObserved, "hangzhou", "d1", new Point(120.15, 30.27)),
            E(EntityTypes.WaterMain, "jinan", "w1", new LineString([new(117.00, 36.60), new(117.01, 36.61), new(117.02, 36.62)])),
            E(EntityTypes.AirQualityObserved, "jinan", "aq-nowhere", null),
            E(EntityTypes.Hospital, "jinan", "h1", new Point(117.03, 36.65)),
        })
            await _store.CreateAsync(entity);
    }

    public async Task DisposeAsync()
    {
        _reader.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Should_Read_A_Citys_Sensors_Of_The_Asked_Kinds_With_Their_Locations()
    {
        var sites = await new TwinSensorSites(_reader, _twin)
            .ReadAsync(SensorKinds.All, "jinan", CancellationToken.None);
        Assert.Equal([
            new SensorSite("urn:ngsi-ld:TrafficFlowObserved:jinan:d1", SensorKinds.TrafficDetector, 36.66, 117.01, "urn:ngsi-ld:RoadSegment:jinan:r1"),
            new SensorSite("urn:ngsi-ld:TrafficFlowObserved:jinan:d2", SensorKinds.TrafficDetector, 36.67, 117.02),
            new SensorSite("urn:ngsi-ld:WaterMain:jinan:w1", SensorKinds.WaterMain, 36.61, 117.01),
        ], sites);

        var everywhere = await new TwinSensorSites(_reader, _twin).ReadAsync([SensorKinds.TrafficDetector], null, CancellationToken.None);
        Assert.Equal(3, everywhere.Count);
    }

    [Fact]
    public async Task Should_Say_Which_Twin_Refused_And_Why()
    {
        // Where no twin listens (a port just freed): the client tries again, then the error names the twin.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var elsewhere = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/");
        listener.Stop();
        using var missing = TwinReaderClient.Connect(elsewhere, new CityMesh.Access.ApiKeyCredentialHandler("any-key-for-a-twin-that-is-not-there-0123"), new TwinReaderOptions { Attempts = 2, FirstBackoff = TimeSpan.FromMilliseconds(10) });
        var e = await Assert.ThrowsAsync<ScenarioInputException>(() =>
            new TwinSensorSites(missing, elsewhere).ReadAsync([SensorKinds.EnergyMeter], null, CancellationToken.None));
        Assert.Equal(TwinSensorSites.Field, e.Field);
        Assert.Contains($"the twin at {elsewhere} could not be read (Substation): Unavailable", e.Message);
    }
}
