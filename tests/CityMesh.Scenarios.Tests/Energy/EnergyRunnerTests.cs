using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Running.Energy;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Simulation.Solar;
using CityMesh.Simulation.Solar.Irradiance;
using CityMesh.Simulation.Solar.Position;

namespace CityMesh.Scenarios.Tests.Energy;

/// <summary>
/// The energy runner against what can be worked out by hand: the untouched feeder's published lowest voltage, changes
/// that change nothing, a heat wave's load by its sensitivity, EV energy by chargers × kW × hours, PV at noon by the
/// clear-sky model, an outage's energy not served with and without a normally-open point, and intervals without a
/// power flow solution reported, not dropped.
/// </summary>
public sealed class EnergyRunnerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"citymesh-energy-{Guid.NewGuid():N}");

    public EnergyRunnerTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ScenarioRunOptions Options => new(Path.Combine(_directory, "results"), new InputFiles(_directory, _directory, RepositoryFiles.WithSharedData()));

    /// <summary>
    /// At 19:00 every bus draws its peak (the residential weekday shape's 1.0), so that hour is MATPOWER's case33bw as
    /// published: lowest voltage 0.91309 pu at bus 18 (Baran &amp; Wu; the power flow's own fidelity test). The day's
    /// lowest is that hour's; within 1e-5 pu, the published figure's last digit.
    /// </summary>
    [Fact]
    public void The_untouched_33_bus_day_has_its_published_lowest_voltage_at_bus_18()
    {
        var outcome = EnergyCase.Run(EnergyCase.Day);

        int lowest = Enumerable.Range(0, outcome.Intervals).MinBy(t => outcome.LowestVm[t]);
        Assert.Equal(19, lowest);
        Assert.Equal(0.91309, outcome.LowestVm[lowest], 1e-5);
        Assert.Equal(18, outcome.LowestBus[lowest]);
        Assert.Equal(EnergyCase.TotalLoadKw, outcome.ServedKw[19], 1e-9);
        Assert.Equal(202.68, outcome.LossKw[19], 0.1); // the published losses, kW
        Assert.All(outcome.Converged, Assert.True);
    }

    [Fact]
    public void A_variant_that_changes_nothing_has_the_baselines_kpis_and_a_run_repeats_exactly()
    {
        var spec = EnergyCase.Day with
        {
            HeatWave = new HeatWaveSpec { RiseCelsius = 3 },
            EvAdoption = new EvAdoptionSpec { ChargersPerLoadBus = 1 },
            PvGrowth = new PvGrowthSpec { KwpPerLoadBus = 20 },
        };
        var scenario = EnergyCase.Scenario(spec, EnergyCase.Variant("same", new EnergyInterventionSpec { LoadScale = 1 }));

        var first = ScenarioRunner.Run(scenario, Options);
        var again = ScenarioRunner.Run(scenario, Options with { ResultsDirectory = Path.Combine(_directory, "again") });

        Assert.Equal(first.Kpis.Baseline, first.Kpis.Interventions[0].Values);
        Assert.Equal(first.Kpis.Baseline, again.Kpis.Baseline);
        Assert.True(first.Kpis.Baseline[EnergyRunner.PvEnergy] > 0);
    }

    /// <summary>
    /// With the ordinary day at 30 °C all day and comfort at 22 °C, a rise of N °C adds exactly N degrees above comfort
    /// in every interval: the base load grows by sensitivity × N (3 % × 4 = 12 %), and nothing else changes. A rise of 0
    /// changes nothing at all.
    /// </summary>
    [Fact]
    public void A_heat_wave_of_zero_changes_nothing_and_of_four_degrees_adds_its_sensitivity_to_the_energy_served()
    {
        var ordinary = EnergyCase.Day with { Weather = new WeatherSpec { BaseCelsius = 30, AmplitudeCelsius = 0 } };
        var wave = new HeatWaveSpec { RiseCelsius = 0, ComfortCelsius = 22, SensitivityPercentPerCelsius = 3 };

        var none = EnergyCase.Run(ordinary);
        var zero = EnergyCase.Run(ordinary with { HeatWave = wave });
        var four = EnergyCase.Run(ordinary with { HeatWave = wave with { RiseCelsius = 4 } });

        Assert.Equal(none.ServedKw, zero.ServedKw);
        Assert.Equal(none.LowestVm, zero.LowestVm);
        Assert.Equal(none.LossKw, zero.LossKw);
        Assert.Equal(1.12, four.Energy(four.ServedKw) / none.Energy(none.ServedKw), 1e-12);
        Assert.True(four.Energy(four.LossKw) > 1.2 * none.Energy(none.LossKw), "losses grow with the square of the load");
    }

    /// <summary>
    /// 32 load buses × 2 chargers × 7.4 kW × 2.6 h = 1,231.36 kWh a day, whether the sessions start on arrival or
    /// managed from 23:00 (the previous night's sessions run past midnight into the day), and in quarter hours that do
    /// not divide the session.
    /// </summary>
    [Theory]
    [InlineData(false, 60)]
    [InlineData(true, 15)]
    public void Ev_energy_is_chargers_times_kilowatts_times_hours_charged(bool managed, int minutes)
    {
        var outcome = EnergyCase.Run(EnergyCase.Day with
        {
            IntervalMinutes = minutes,
            EvAdoption = new EvAdoptionSpec { ChargersPerLoadBus = 2, Kilowatts = 7.4, ChargingHours = 2.6, Managed = managed },
        });

        Assert.Equal(32 * 2 * 7.4 * 2.6, outcome.Energy(outcome.EvKw), 1e-9);
        double peakHour = Enumerable.Range(0, outcome.Intervals).MaxBy(t => outcome.EvKw[t]) * outcome.IntervalHours;
        Assert.True(managed ? peakHour is >= 23 or < 3 : peakHour is >= 17 and < 23, $"EV peak at hour {peakHour}");
    }

    /// <summary>
    /// 100 kWp at bus 18, 30° south, Jinan, 15 July 2026, the interval 12:00–13:00 (its middle, 12:30 local): the NREL
    /// SPA's sun, Ineichen–Perez clear sky at TL 3, Hay–Davies plane of array, then PVWatts v5 with the project's stated
    /// defaults (γ −0.47 %/°C, Sandia close-roof cell temperature at 1 m/s, 14 % losses, 96 % inverter). Worked out
    /// here from the solar model's public pieces; equal to a millionth of a kW.
    /// </summary>
    [Fact]
    public void Pv_at_noon_on_a_clear_day_is_the_clear_sky_models_plane_of_array_power()
    {
        var spec = EnergyCase.Day with { PvGrowth = new PvGrowthSpec { Buses = [new BusPvSpec { Bus = 18, Kwp = 100 }] } };
        var outcome = EnergyCase.Run(spec);

        var sun = SolarPositionAlgorithm.Compute(new DateTimeOffset(2026, 7, 15, 12, 30, 0, TimeSpan.FromHours(8)), new SolarObserver(36.67, 117.02));
        var sky = new IneichenPerezClearSky(3).At(sun.Zenith, sun.RadiusVector);
        double poa = HayDavies.On(new RoofPlane(30, 180).Normal, HayDavies.SunDirection(sun.Zenith, sun.Azimuth), sky,
            1367 / (sun.RadiusVector * sun.RadiusVector), 0.2).Total;
        double air = EnergyDemand.Ordinary(spec.Weather, 12.5);
        var pv = new PvSystem();
        double cell = air + poa * pv.HeatPerIrradiance;
        double expected = 100 * poa / 1000 * (1 - 0.0047 * (cell - 25)) * 0.86 * 0.96;

        Assert.InRange(poa, 850, 1100);
        Assert.Equal(expected, outcome.PvKw[12], 1e-6);
        Assert.Equal(0, outcome.PvCurtailedKw[12]);
        Assert.Equal(0, outcome.PvKw[2]); // 02:00–03:00: night
    }

    /// <summary>
    /// Branch 6-7 out from 10:00 to 13:00 cuts off buses 7–18 (1,075 kW of peak load). With transfer, the first
    /// normally-open point joining them to the rest (21-8, the case's row 33) closes and all is served; without, their
    /// load over those three hours is not served: 1,075 kW × (0.52 + 0.53 + 0.56) of the residential weekday shape =
    /// 1,730.75 kWh, of which bus 18 (90 kW, marked critical) 144.9 kWh.
    /// </summary>
    [Fact]
    public void An_outage_transfers_load_through_a_normally_open_point_and_without_one_leaves_the_cut_load_not_served()
    {
        var outage = new OutageSpec { FromBus = 6, ToBus = 7, StartHour = 10, EndHour = 13 };
        var spec = EnergyCase.Day with { Grid = EnergyCase.Day.Grid! with { CriticalBuses = [18] } };

        var normal = EnergyCase.Run(spec);
        var transferred = EnergyCase.Run(spec with { Outage = outage });
        var cut = EnergyCase.Run(spec with { Outage = outage with { Transfer = false } });

        Assert.Equal(0, transferred.Energy(transferred.NotServedKw));
        Assert.Contains(transferred.Notes, n => n.Contains("6-7 out; normally-open 21-8 closed; no bus cut off", StringComparison.Ordinal));
        Assert.Equal(normal.Energy(normal.ServedKw), transferred.Energy(transferred.ServedKw), 1e-9);
        Assert.NotEqual(normal.LowestVm[11], transferred.LowestVm[11]);

        double shares = LoadShapes.Share("residential", 10, false) + LoadShapes.Share("residential", 11, false) + LoadShapes.Share("residential", 12, false);
        Assert.Equal(1075 * shares, cut.Energy(cut.NotServedKw), 1e-9);
        Assert.Equal(1730.75, cut.Energy(cut.NotServedKw), 1e-9);
        Assert.Equal(90 * shares, cut.Energy(cut.CriticalNotServedKw), 1e-9);
        Assert.Equal(normal.Energy(normal.ServedKw) - 1730.75, cut.Energy(cut.ServedKw), 1e-9);
        Assert.Contains(cut.Notes, n => n.Contains("12 buses cut off (7, 8, 9", StringComparison.Ordinal));
    }

    /// <summary>
    /// Five times the case's load has no power flow solution at the evening peak (the feeder's limit is about 3.5×), but
    /// at night it has: the unsolved intervals are reported, each with a note, and their whole load is not served.
    /// </summary>
    [Fact]
    public void Intervals_without_a_power_flow_solution_are_reported_and_their_load_counted_as_not_served()
    {
        var outcome = EnergyCase.Run(EnergyCase.Day with { Loads = new EnergyLoadsSpec { Scale = 5 } });
        var unsolved = Enumerable.Range(0, outcome.Intervals).Where(t => !outcome.Converged[t]).ToList();

        Assert.Contains(19, unsolved);
        Assert.Contains(3, Enumerable.Range(0, outcome.Intervals).Except(unsolved));
        Assert.Equal(unsolved.Count, outcome.Notes.Count(n => n.Contains("no power flow solution", StringComparison.Ordinal)));
        double expected = unsolved.Sum(t => 5 * EnergyCase.TotalLoadKw * LoadShapes.Share("residential", t, false));
        Assert.Equal(expected, outcome.Energy(outcome.NotServedKw), 1e-6);
        Assert.Equal(unsolved.Count, EnergyKpis.Of(EnergyCase.Grid(EnergyCase.Day), outcome, new VoltageLimitsSpec())[EnergyRunner.IntervalsNotSolved]);
    }

    /// <summary>A load that no branch in service joins to the slack (bus 33 with 32-33 open) is never served: counted and said, not dropped.</summary>
    [Fact]
    public void A_load_joined_to_no_source_is_counted_as_not_served()
    {
        var spec = EnergyCase.Day;
        var grid = EnergyCase.Grid(spec);
        var open = grid with { Power = grid.Power with { Branches = [.. grid.Power.Branches.Select(b => b.From == 32 && b.To == 33 ? b with { InService = false } : b)] } };

        var outcome = EnergyRunner.Simulate(open, spec, EnergyVariant.Baseline(spec));

        double day = Enumerable.Range(0, 24).Sum(h => LoadShapes.Share("residential", h, false));
        Assert.Equal(60 * day, outcome.Energy(outcome.NotServedKw), 1e-9);
        Assert.Contains(outcome.Notes, n => n.Contains("1 buses with load joined to no source in normal operation, not served (33)", StringComparison.Ordinal));
    }

    /// <summary>Enough PV on the far end of the feeder pushes voltages over 1.05 pu at noon; the rule curtails it until none is.</summary>
    [Fact]
    public void Pv_is_curtailed_until_no_voltage_passes_the_upper_limit()
    {
        var spec = EnergyCase.Day with { PvGrowth = new PvGrowthSpec { Buses = [new BusPvSpec { Bus = 18, Kwp = 3000 }, new BusPvSpec { Bus = 33, Kwp = 3000 }] } };
        var outcome = EnergyCase.Run(spec);

        Assert.True(outcome.Energy(outcome.PvCurtailedKw) > 0);
        Assert.All(Enumerable.Range(0, outcome.Intervals), t => Assert.True(outcome.HighestVm[t] <= 1.05 + 1e-9, $"hour {t}: {outcome.HighestVm[t]} pu"));
        Assert.Contains(outcome.Notes, n => n.StartsWith("PV curtailed in", StringComparison.Ordinal));
    }
}
