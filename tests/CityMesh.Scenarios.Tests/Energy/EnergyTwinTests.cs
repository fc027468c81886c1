using System.Text.Json;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Running.Energy;
using CityMesh.Simulation.Energy.Matpower;
using CityMesh.Simulation.Energy.Twin;
using CityMesh.Twin.Client;

namespace CityMesh.Scenarios.Tests.Energy;

/// <summary>
/// spec.energy.grid.twin against a real twin (<see cref="EnergyTwin"/>): the 33-bus feeder read from the twin runs as
/// the same feeder from its MATPOWER file; a bus's meter history shapes its day, its buildings its kind, a hospital or a
/// shelter makes it critical, its PV and charger run in every variant, and the weather station sets the ordinary day;
/// a twin that cannot be read, or holds no grid, is refused naming the field.
/// </summary>
public sealed class EnergyTwinTests(EnergyTwin twin) : IClassFixture<EnergyTwin>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-energy-twin-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static EnergySpec FromTwin => EnergyCase.Day with { Grid = new EnergyGridSpec { Twin = new EnergyTwinGridSpec() } };

    private static readonly InterventionSpec[] Variants =
    [
        EnergyCase.Variant("heat-and-ev", new EnergyInterventionSpec
        {
            HeatWave = new HeatWaveSpec { RiseCelsius = 5, ComfortCelsius = 24 },
            EvAdoption = new EvAdoptionSpec { ChargersPerLoadBus = 3 },
        }),
        EnergyCase.Variant("pv", new EnergyInterventionSpec { PvGrowth = new PvGrowthSpec { KwpPerLoadBus = 150 } }),
        EnergyCase.Variant("fault", new EnergyInterventionSpec { Outage = new OutageSpec { FromBus = 6, ToBus = 7, StartHour = 17, EndHour = 21 } }),
    ];

    /// <summary>
    /// The twin holds each bus's real power only, so its loads draw at the live power flow's power factor (0.95); the file
    /// is the same case with each bus's reactive load set so. Bus numbers are the case's (the twin's ids in natural
    /// order), so the variants name the same buses. Every KPI of the baseline and of each variant agrees within 0.01 (the
    /// KPIs' own rounding; the voltage's 1e-5 pu): the same grid, whichever way it was read.
    /// </summary>
    [Fact]
    public async Task The_twins_feeder_runs_as_its_MATPOWER_file_where_the_loads_are_equal()
    {
        var power = MatpowerReader.Read(EnergyCase.Case33);
        double tanPhi = Math.Tan(Math.Acos(GridPowerFlow.LoadPowerFactor));
        File.WriteAllText(Path.Combine(_directory, "case33pf.m"),
            MatpowerWriter.Write(power with { Buses = [.. power.Buses.Select(b => b with { Qd = b.Pd * tanPhi })] }, ["case33bw, every load at power factor 0.95"]));
        var inputs = new InputFiles(_directory, _directory);
        var file = ScenarioRunner.Run(EnergyCase.Scenario(EnergyCase.Day with { Grid = new EnergyGridSpec { File = new FileSource { Path = "case33pf.m" } } }, Variants),
            new ScenarioRunOptions(Path.Combine(_directory, "file"), inputs));
        var read = await twin.ReadAsync(EnergyTwin.Plain);

        var fromTwin = ScenarioRunner.Run(EnergyCase.Scenario(FromTwin, Variants), new ScenarioRunOptions(Path.Combine(_directory, "twin"), inputs, Grid: read));

        Assert.Contains("32 from planned peak on the built-in shapes (32 the default kind)", read.Notes[0]);
        Assert.Equal(EnergyCase.TotalLoadKw, read.Buses.Sum(b => b.PeakKw), 6);
        var pairs = new[] { (file.Kpis.Baseline, fromTwin.Kpis.Baseline) }
            .Concat(file.Kpis.Interventions.Zip(fromTwin.Kpis.Interventions, (a, b) => (a.Values, b.Values))).ToList();
        Assert.Equal(4, pairs.Count);
        foreach (var (expected, actual) in pairs)
        {
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (name, value) in expected)
                Assert.True(Math.Abs(value - actual[name]) <= (name == EnergyRunner.LowestVoltage ? 1e-5 : 0.01), $"{name}: file {value}, twin {actual[name]}");
        }
        Assert.True(fromTwin.Kpis.Interventions[0].Values[EnergyRunner.PeakImport] > fromTwin.Kpis.Baseline[EnergyRunner.PeakImport]);
    }

    /// <summary>
    /// Bus 18's meter reads its base load less the PV behind it; with the PV's own history added back, its day is the
    /// base load's, every hour within a hundredth of a kW, and peaks at 03:00 (the built-in residential shape peaks at
    /// 19:00). The rest comes from what hangs on the buses.
    /// </summary>
    [Fact]
    public async Task A_metered_bus_follows_its_meters_history_and_the_rest_comes_from_what_hangs_on_the_buses()
    {
        var read = await twin.ReadAsync(EnergyTwin.Metered);
        var spec = FromTwin;
        var grid = EnergyGridSetup.Apply(new TwinGridSource(read).Read(), spec);
        int bus18 = grid.BusIndex(18);

        var demand = EnergyDemand.Build(grid, spec, EnergyVariant.Baseline(spec));

        var kw = Enumerable.Range(0, 24).Select(t => grid.Power.Buses[bus18].Pd * 1000 * demand.LoadFactor(t, bus18)).ToArray();
        Assert.Equal(3, Array.IndexOf(kw, kw.Max()));
        for (int hour = 0; hour < 24; hour++) Assert.Equal(EnergyTwin.MeterBaseKw(hour), kw[hour], 2);
        Assert.Equal(50, grid.Buses[bus18].PresentPvKwp);
        Assert.Contains("1 from meter history (mean per local hour over 7 day(s) to 2026-07-12 16:00Z", read.Notes[0]);

        var bus25 = grid.BusIndex(25);
        Assert.Equal(22, grid.Buses[bus25].PresentEvKw);
        Assert.Equal(420 - TwinGrid.PlannedChargerShare * 22, grid.Power.Buses[bus25].Pd * 1000, 6);
        Assert.Equal(LoadShapes.Commercial, grid.Buses[grid.BusIndex(30)].LoadKind);
        Assert.Equal(LoadShapes.Commercial, grid.Buses[grid.BusIndex(20)].LoadKind);
        Assert.Equal(LoadShapes.Residential, grid.Buses[grid.BusIndex(2)].LoadKind); // no building: the spec's default
        Assert.Equal([8, 20], grid.Buses.Where(b => b.Critical).Select(b => b.Id));
        Assert.Equal(30, Assert.NotNull(read.BaseCelsius), 6);
        Assert.Null((await twin.ReadAsync(EnergyTwin.Metered, new EnergyTwinGridSpec { Weather = false })).BaseCelsius);
    }

    /// <summary>
    /// The present charger charges 3 h a day at 22 kW on the default evening profile, and the present PV produces,
    /// without any variant adding either; the weather station's 30 °C replaces the spec's 24 °C; grid.json lists the
    /// twin's buses by number.
    /// </summary>
    [Fact]
    public async Task The_twins_chargers_PV_and_weather_are_in_the_baseline()
    {
        var read = await twin.ReadAsync(EnergyTwin.Metered);

        var run = ScenarioRunner.Run(EnergyCase.Scenario(FromTwin), new ScenarioRunOptions(Path.Combine(_directory, "metered"), new InputFiles(_directory, _directory), Grid: read));

        Assert.Equal(22 * 3, run.Kpis.Baseline[EnergyRunner.EvEnergy], 6);
        Assert.True(run.Kpis.Baseline[EnergyRunner.PvEnergy] > 100, $"{run.Kpis.Baseline[EnergyRunner.PvEnergy]} kWh of PV");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.ResultsDirectory, EnergyRunner.GridFile)));
        Assert.Equal(30, json.RootElement.GetProperty("weather").GetProperty("baseCelsius").GetDouble(), 6);
        var bus18 = json.RootElement.GetProperty("buses").EnumerateArray().Single(b => b.GetProperty("bus").GetInt32() == 18);
        Assert.Equal(EnergyTwin.Bus(18), bus18.GetProperty("entity").GetString());
        Assert.True(bus18.GetProperty("metered").GetBoolean());
        Assert.Contains(EnergyFiles.ReadSummary(Path.Combine(run.ResultsDirectory, "baseline"))!.Notes, n => n.Contains("weather station", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_twin_that_cannot_be_reached_is_refused_naming_the_field()
    {
        var nowhere = new Uri("http://127.0.0.1:1");
        using var reader = TwinReaderClient.Connect(nowhere, options: new TwinReaderOptions { Attempts = 1 });

        var e = await Assert.ThrowsAsync<ScenarioInputException>(() => TwinGrid.ReadAsync(reader, nowhere, EnergyTwin.Plain, new EnergyTwinGridSpec(), 8, CancellationToken.None));

        Assert.Equal("spec.energy.grid.twin", e.Field);
        Assert.Contains("the twin at http://127.0.0.1:1/ could not be read", e.Message);
    }

    [Fact]
    public async Task A_city_the_twin_holds_no_grid_for_is_refused_naming_the_field()
    {
        var e = await Assert.ThrowsAsync<ScenarioInputException>(() => twin.ReadAsync("hangzhou"));

        Assert.Equal("spec.energy.grid.twin", e.Field);
        Assert.Contains("holds no grid for city 'hangzhou'", e.Message);
    }

    [Fact]
    public void A_run_from_the_twin_without_a_twin_read_is_refused_naming_the_field()
    {
        var e = Assert.Throws<ScenarioInputException>(() => ScenarioRunner.Run(EnergyCase.Scenario(FromTwin),
            new ScenarioRunOptions(Path.Combine(_directory, "none"), new InputFiles(_directory, _directory))));

        Assert.Equal("spec.energy.grid.twin", e.Field);
        Assert.Contains("--twin", e.Message);
    }
}
