using CityMesh.Contracts.Health;
using CityMesh.Health.Capacity;
using CityMesh.Health.Twin;
using static CityMesh.Health.Tests.HealthEntities;

namespace CityMesh.Health.Tests.Capacity;

public sealed class CapacityTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private static HealthSnapshot Snapshot(int generalOccupied, DateTimeOffset at, int waiting = 0, int boarding = 0, int icuOccupied = 10) =>
        HealthSnapshot.From([Hospital("h1", 100, generalOccupied, 20, icuOccupied, at, waiting: waiting, boarding: boarding)], at);

    [Fact]
    public void Reads_beds_by_type_and_the_emergency_department_from_the_twin()
    {
        var hospital = Snapshot(93, T0, waiting: 4, boarding: 2).Hospitals[Id("Hospital", "h1")];
        Assert.Equal(new BedCount(100, 93), hospital.BedsOf(BedTypes.General));
        Assert.Equal(new BedCount(20, 10), hospital.BedsOf(BedTypes.Icu));
        Assert.Equal(7, hospital.BedsOf(BedTypes.General).Free);
        Assert.Equal(new BedCount(120, 103), hospital.Total);
        Assert.Equal(new EdState(0, 16, 4, 2, 20), hospital.Ed);
        Assert.Equal(T0, hospital.ObservedAt);
    }

    [Fact]
    public void Raises_high_then_critical_and_clears_only_below_the_hysteresis()
    {
        var tracker = new CapacityTracker(new CapacityOptions());
        Assert.Empty(tracker.Observe(Snapshot(91, T0)));
        var high = Assert.Single(tracker.Observe(Snapshot(92, T0.AddMinutes(5))));
        Assert.Equal((CapacityAlert.Occupancy, BedTypes.General, CapacityAlert.High, true), (high.Kind, high.BedType, high.Level, high.Active));
        Assert.Equal(0.92, high.Evidence.Threshold);
        Assert.Equal((100, 92), (high.Evidence.Capacity, high.Evidence.Occupied));

        // The same counts read again, or an older observation, change nothing.
        Assert.Empty(tracker.Observe(Snapshot(92, T0.AddMinutes(5))));
        Assert.Empty(tracker.Observe(Snapshot(99, T0.AddMinutes(4))));

        var critical = Assert.Single(tracker.Observe(Snapshot(97, T0.AddMinutes(10))));
        Assert.Equal(CapacityAlert.Critical, critical.Level);
        Assert.Equal(high.Since, critical.Since);
        // Within the hysteresis of critical it stays critical; below it, back to high; below high's, cleared.
        Assert.Empty(tracker.Observe(Snapshot(95, T0.AddMinutes(15))));
        Assert.Equal(CapacityAlert.High, Assert.Single(tracker.Observe(Snapshot(93, T0.AddMinutes(20)))).Level);
        Assert.Empty(tracker.Observe(Snapshot(90, T0.AddMinutes(25))));
        var cleared = Assert.Single(tracker.Observe(Snapshot(88, T0.AddMinutes(30))));
        Assert.False(cleared.Active);
        Assert.Equal(T0.AddMinutes(5), cleared.Since);
        Assert.Empty(tracker.Active);
    }

    [Fact]
    public void Warns_of_a_ward_filling_towards_full_within_the_horizon_and_not_of_one_that_holds()
    {
        var tracker = new CapacityTracker(new CapacityOptions());
        // ICU filling 1 bed (5 points) an hour from 16 of 20: raised once half the 6-hour window is seen (3 hours, at 19
        // of 20 beds), projecting full an hour later.
        CapacityAlert? trend = null;
        for (var step = 0; step <= 6; step++)
        {
            foreach (var change in tracker.Observe(Snapshot(80, T0.AddMinutes(30 * step), icuOccupied: 16 + step / 2)))
                if (change.Kind == CapacityAlert.Trend) trend = change;
        }
        Assert.NotNull(trend);
        Assert.Equal(BedTypes.Icu, trend.BedType);
        Assert.InRange(trend.Evidence.TrendPerHour!.Value, 0.04, 0.06);
        Assert.InRange((trend.Evidence.ProjectedFullAt!.Value - trend.At).TotalHours, 0.8, 1.2);
        Assert.Equal(T0.AddHours(3), trend.At);

        // A ward at 85 % that holds steady raises nothing.
        var steady = new CapacityTracker(new CapacityOptions());
        for (var step = 0; step <= 12; step++)
            Assert.DoesNotContain(steady.Observe(Snapshot(85, T0.AddMinutes(30 * step))), c => c.Kind == CapacityAlert.Trend);
    }

    [Fact]
    public void Flags_a_crowded_emergency_department_until_it_eases()
    {
        var tracker = new CapacityTracker(new CapacityOptions());
        // 20 cubicles: 10 waiting is half of them.
        var crowded = Assert.Single(tracker.Observe(Snapshot(50, T0, waiting: 10)));
        Assert.Equal(CapacityAlert.EmergencyDepartment, crowded.Kind);
        Assert.Equal((10, 0, 20), (crowded.Evidence.EdWaiting, crowded.Evidence.EdBoarding, crowded.Evidence.EdCubicles));
        Assert.Empty(tracker.Observe(Snapshot(50, T0.AddMinutes(5), waiting: 9)));
        Assert.False(Assert.Single(tracker.Observe(Snapshot(50, T0.AddMinutes(10), waiting: 7))).Active);
        // Boarding alone crowds it too: 5 admitted patients in 20 cubicles.
        Assert.True(Assert.Single(tracker.Observe(Snapshot(50, T0.AddMinutes(15), boarding: 5))).Active);
    }

    [Fact]
    public void The_trend_is_the_least_squares_slope_over_the_window()
    {
        var trend = new OccupancyTrend(TimeSpan.FromHours(4));
        // Fitted by hand: (0.51, 0.51, 0.55, 0.55, 0.59) over hours 0..4 has slope 0.02 per hour.
        for (var i = 0; i < 5; i++) trend.Add(T0.AddHours(i), 0.5 + 0.02 * i + (i % 2 == 0 ? 0.01 : -0.01));
        Assert.Equal(0.02, trend.SlopePerHour, 10);
        Assert.Equal(TimeSpan.FromHours(4), trend.Span);
        // Two hours on, falling: the window keeps hours 2..6, (0.55, 0.55, 0.59, 0.50, 0.40): Sxy = −0.35 over Sxx = 10, slope −0.035 per hour.
        trend.Add(T0.AddHours(5), 0.50);
        trend.Add(T0.AddHours(6), 0.40);
        Assert.Equal(5, trend.Count);
        Assert.Equal(-0.035, trend.SlopePerHour, 10);
    }

    [Fact]
    public void Refuses_settings_that_cannot_work_naming_the_key()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new HealthOptions { Capacity = new CapacityOptions { High = 0.95, Critical = 0.9 } }.Validated());
        Assert.Contains("CityMesh:Health:Capacity:Critical", e.Message);
        e = Assert.Throws<InvalidOperationException>(() => new HealthOptions { Dispatch = new CityMesh.Health.Dispatch.DispatchOptions { Candidates = 0 } }.Validated());
        Assert.Contains("CityMesh:Health:Dispatch:Candidates", e.Message);
    }
}
