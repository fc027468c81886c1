using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Reporting;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Running.Energy;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Scenarios.Validation;
using R = CityMesh.Scenarios.Validation.ValidationReasons;

namespace CityMesh.Scenarios.Tests.Energy;

/// <summary>The energy kind end to end: the example runs and reports, and specs are refused by the field at fault.</summary>
public sealed class EnergyScenarioTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"citymesh-energy-{Guid.NewGuid():N}");
    internal static readonly TwinScenario Example = ScenarioDocument.Load(RepositoryFiles.Example("energy-heat-wave-ev.yaml"));

    public EnergyScenarioTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_example_validates_and_asks_for_a_heat_wave_with_ev_and_three_variants()
    {
        Assert.Empty(ScenarioValidator.Validate(Example));
        var energy = Example.Spec.Energy!;
        Assert.Equal(6, energy.HeatWave!.RiseCelsius);
        Assert.Equal(4, energy.EvAdoption!.ChargersPerLoadBus);
        Assert.Equal(["managed-charging", "pv-growth", "north-arm-fault"], Example.Spec.Interventions.Select(i => i.Name));
        Assert.True(Example.Spec.Interventions[0].Energy!.EvAdoption!.Managed);
    }

    /// <summary>
    /// The example's day on the generated feeder: every figure below is what the run must show for the scenario to
    /// make its point. 59 load buses × 4 chargers × 7.4 kW × 3 h = 5,239.2 kWh of charging in every EV variant.
    /// </summary>
    [Fact]
    public void The_example_runs_and_its_report_shows_each_feeder_and_the_variants_against_the_baseline()
    {
        var examples = Path.GetDirectoryName(RepositoryFiles.Example("energy-heat-wave-ev.yaml"))!;
        var result = ScenarioRunner.Run(Example, new ScenarioRunOptions(Path.Combine(_directory, "results"), new InputFiles(examples, examples)));
        string report = ScenarioReport.Write(Example, result);

        var baseline = result.Kpis.Baseline;
        var variant = result.Kpis.Interventions.ToDictionary(i => i.Name, i => i.Values);
        Assert.Equal(59 * 4 * 7.4 * 3, baseline[EnergyRunner.EvEnergy], 1e-6);
        Assert.Equal(baseline[EnergyRunner.EvEnergy], variant["managed-charging"][EnergyRunner.EvEnergy], 1e-6);
        Assert.True(variant["managed-charging"][EnergyRunner.PeakFeederLoading] < baseline[EnergyRunner.PeakFeederLoading]);
        Assert.True(variant["managed-charging"][EnergyRunner.LowestVoltage] > baseline[EnergyRunner.LowestVoltage]);
        Assert.True(variant["pv-growth"][EnergyRunner.PvEnergy] > 0);
        Assert.True(variant["pv-growth"][EnergyRunner.Losses] != baseline[EnergyRunner.Losses]);
        Assert.Equal(0, variant["north-arm-fault"][EnergyRunner.EnergyNotServed]);
        Assert.Equal(0, baseline[EnergyRunner.IntervalsNotSolved]);
        Assert.Contains(EnergyFiles.ReadSummary(Path.Combine(result.ResultsDirectory, "north-arm-fault"))!.Notes, n => n.Contains("21-58 closed", StringComparison.Ordinal));

        string html = File.ReadAllText(report);
        Assert.Contains("trunk: loading (% of rating)", html, StringComparison.Ordinal);
        Assert.Contains("north-arm: loading (% of rating)", html, StringComparison.Ordinal);
        Assert.Contains("lowest voltage (pu)", html, StringComparison.Ordinal);
        Assert.Contains("<td>energyNotServedKwh (kWh)</td>", html, StringComparison.Ordinal);
        foreach (string name in new[] { "baseline", "managed-charging", "pv-growth", "north-arm-fault" })
            Assert.True(File.Exists(Path.Combine(result.ResultsDirectory, name, EnergyFiles.Series)), name);
    }

    /// <summary>A season of quarter hours is drawn with at most 600 points a line, each run's peak kept.</summary>
    [Fact]
    public void Long_series_are_drawn_by_their_envelope_keeping_peaks_and_dips()
    {
        var points = Enumerable.Range(0, 8832).Select(t => (t / 4.0, t == 5001 ? 250.0 : 50.0)).ToArray();

        var high = EnergyReport.Envelope(points, highest: true);
        var low = EnergyReport.Envelope(points, highest: false);

        Assert.True(high.Length <= EnergyReport.MaxPoints, $"{high.Length} points");
        Assert.Equal(250, high.Max(p => p.Y));
        Assert.Equal(50, low.Max(p => p.Y));
        var day = points[..24];
        Assert.Same(day, EnergyReport.Envelope(day, highest: true));
    }

    public static TheoryData<string, string, string> Broken() => new()
    {
        { "missing", "spec.energy", R.Required },
        { "no-grid", "spec.energy.grid", R.Required },
        { "grid-neither", "spec.energy.grid", R.Required },
        { "grid-both", "spec.energy.grid", R.MutuallyExclusive },
        { "no-site", "spec.energy.site", R.Required },
        { "interval", "spec.energy.intervalMinutes", R.NotOneOf },
        { "hours", "spec.energy.hours", R.OutOfRange },
        { "date-pattern", "spec.energy.startDate", R.Invalid },
        { "date-calendar", "spec.energy.startDate", R.Invalid },
        { "kind", "spec.energy.loads.defaultKind", R.NotOneOf },
        { "no-chargers", "spec.energy.evAdoption", R.Required },
        { "no-pv", "spec.energy.pvGrowth", R.Required },
        { "outage-order", "spec.energy.outage.endHour", R.OutOfRange },
        { "outage-late", "spec.energy.outage.endHour", R.OutOfRange },
        { "variant-outage-late", "spec.interventions[0].energy.outage.endHour", R.OutOfRange },
        { "voltage-band", "spec.energy.voltageLimits.maxPu", R.OutOfRange },
        { "sensitivity", "spec.energy.heatWave.sensitivityPercentPerCelsius", R.OutOfRange },
        { "no-change", "spec.interventions[0]", R.NoChange },
        { "energy-for-flood", "spec.interventions[0].energy", R.NotForSimulation },
    };

    internal static TwinScenario Break(string what)
    {
        var spec = EnergyCase.Day;
        var outage = new OutageSpec { FromBus = 6, ToBus = 7, StartHour = 2, EndHour = 5 };
        var scenario = what switch
        {
            "missing" => EnergyCase.Scenario(null!),
            "no-grid" => EnergyCase.Scenario(spec with { Grid = null }),
            "grid-neither" => EnergyCase.Scenario(spec with { Grid = spec.Grid! with { File = null } }),
            "grid-both" => EnergyCase.Scenario(spec with { Grid = spec.Grid! with { Twin = new EnergyTwinGridSpec() } }),
            "no-site" => EnergyCase.Scenario(spec with { Site = null }),
            "interval" => EnergyCase.Scenario(spec with { IntervalMinutes = 20 }),
            "hours" => EnergyCase.Scenario(spec with { Hours = 3000 }),
            "date-pattern" => EnergyCase.Scenario(spec with { StartDate = "15/07/2026" }),
            "date-calendar" => EnergyCase.Scenario(spec with { StartDate = "2026-02-30" }),
            "kind" => EnergyCase.Scenario(spec with { Loads = new EnergyLoadsSpec { DefaultKind = "agricultural" } }),
            "no-chargers" => EnergyCase.Scenario(spec with { EvAdoption = new EvAdoptionSpec() }),
            "no-pv" => EnergyCase.Scenario(spec with { PvGrowth = new PvGrowthSpec() }),
            "outage-order" => EnergyCase.Scenario(spec with { Outage = outage with { EndHour = 2 } }),
            "outage-late" => EnergyCase.Scenario(spec with { Outage = outage with { EndHour = 30 } }),
            "variant-outage-late" => EnergyCase.Scenario(spec, EnergyCase.Variant("late", new EnergyInterventionSpec { Outage = outage with { EndHour = 25 } })),
            "voltage-band" => EnergyCase.Scenario(spec with { VoltageLimits = new VoltageLimitsSpec { MinPu = 1, MaxPu = 1 } }),
            "sensitivity" => EnergyCase.Scenario(spec with { HeatWave = new HeatWaveSpec { RiseCelsius = 3, SensitivityPercentPerCelsius = 40 } }),
            "no-change" => EnergyCase.Scenario(spec, EnergyCase.Variant("still", new EnergyInterventionSpec())),
            "energy-for-flood" => FloodWithEnergy(),
            _ => throw new ArgumentException(what),
        };
        return scenario;

        static TwinScenario FloodWithEnergy()
        {
            var flood = ScenarioDocument.Load(RepositoryFiles.Example("flood-jinan-river.yaml"));
            return flood with { Spec = flood.Spec with { Interventions = [flood.Spec.Interventions[0] with { Energy = new EnergyInterventionSpec { LoadScale = 2 } }] } };
        }
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_energy_spec_is_refused_naming_the_field(string what, string field, string reason)
    {
        var error = Assert.Single(ScenarioValidator.Validate(Break(what)));

        Assert.Equal((field, reason), (error.Field, error.Reason));
        Assert.StartsWith(field + ": ", error.Message);
    }

    /// <summary>The grid is a file or the twin: neither and both are refused on the grid, naming the two fields.</summary>
    [Theory]
    [InlineData("grid-neither", "spec.energy.grid: set exactly one of file or twin")]
    [InlineData("grid-both", "spec.energy.grid: file and twin are both set; set exactly one of file or twin")]
    public void A_grid_from_both_or_neither_of_file_and_twin_is_refused_naming_them(string what, string message) =>
        Assert.Equal(message, Assert.Single(ScenarioValidator.Validate(Break(what))).Message);

    [Fact]
    public void The_twin_example_validates_and_reads_its_grid_from_the_twin()
    {
        var twin = ScenarioDocument.Load(RepositoryFiles.Example("energy-jinan-twin.yaml"));

        Assert.Empty(ScenarioValidator.Validate(twin));
        Assert.Null(twin.Spec.Energy!.Grid!.File);
        Assert.Equal(7, twin.Spec.Energy.Grid.Twin!.HistoryDays);
        Assert.NotNull(twin.Spec.Interventions.Single(i => i.Name == "heat-wave-ev").Energy!.EvAdoption);
    }

    [Fact]
    public void A_misspelt_energy_field_is_refused_where_it_is_with_a_suggestion()
    {
        var yaml = File.ReadAllText(RepositoryFiles.Example("energy-heat-wave-ev.yaml")).Replace("chargersPerLoadBus: 4\n      kilowatts", "chargersPerBus: 4\n      kilowatts");

        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(yaml, "energy.yaml"));

        Assert.Equal("spec.energy.evAdoption.chargersPerBus", e.Path);
        Assert.Contains("did you mean 'chargersPerLoadBus'?", e.Detail);
    }

    /// <summary>A bus or branch the grid lacks is refused when the run reads the grid, naming the field that named it.</summary>
    [Theory]
    [InlineData("ev-bus", "spec.energy.evAdoption.buses[0].bus")]
    [InlineData("outage-branch", "spec.energy.outage")]
    [InlineData("feeder", "spec.energy.grid.feeders[0]")]
    [InlineData("variant-pv-bus", "spec.interventions[0].energy.pvGrowth.buses[0].bus")]
    public void A_bus_or_branch_the_grid_lacks_is_refused_naming_the_field(string what, string field)
    {
        var spec = EnergyCase.Day;
        var scenario = what switch
        {
            "ev-bus" => EnergyCase.Scenario(spec with { EvAdoption = new EvAdoptionSpec { Buses = [new BusChargersSpec { Bus = 99, Chargers = 1 }] } }),
            "outage-branch" => EnergyCase.Scenario(spec with { Outage = new OutageSpec { FromBus = 1, ToBus = 18, StartHour = 1, EndHour = 2 } }),
            "feeder" => EnergyCase.Scenario(spec with { Grid = spec.Grid! with { Feeders = [new FeederSpec { Name = "x", FromBus = 2, ToBus = 9 }] } }),
            _ => EnergyCase.Scenario(spec, EnergyCase.Variant("pv", new EnergyInterventionSpec { PvGrowth = new PvGrowthSpec { Buses = [new BusPvSpec { Bus = 99, Kwp = 5 }] } })),
        };
        Assert.Empty(ScenarioValidator.Validate(scenario));

        var e = Assert.Throws<ScenarioInputException>(() => ScenarioRunner.Run(scenario,
            new ScenarioRunOptions(Path.Combine(_directory, what), new InputFiles(_directory, _directory, RepositoryFiles.WithSharedData()))));

        Assert.Equal(field, e.Field);
    }
}
