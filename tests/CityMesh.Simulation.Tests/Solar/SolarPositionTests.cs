using CityMesh.Simulation.Solar.Position;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Solar;

public sealed class SolarPositionTests(ITestOutputHelper output)
{
    /// <summary>The SPA report's example: Golden, Colorado, 2003-10-17 12:30:30 at UTC−7 (NREL/TP-560-34302, Table A5.1).</summary>
    private static readonly SolarObserver Golden = new(39.742476, -105.1786, 1830.14, PressureMbar: 820, TemperatureC: 11, RefractionAtHorizon: 0.5667);

    private static SunPosition Reference() =>
        SolarPositionAlgorithm.Compute(new DateTimeOffset(2003, 10, 17, 12, 30, 30, TimeSpan.FromHours(-7)), Golden, deltaT: 67);

    [Fact]
    public void The_reference_case_gives_the_reports_zenith_and_azimuth_within_1e_minus_5_degrees()
    {
        var sun = Reference();
        output.WriteLine($"zenith {sun.Zenith:F9} ({sun.Zenith - 50.11162:E2}), azimuth {sun.Azimuth:F9} ({sun.Azimuth - 194.34024:E2})");

        Assert.InRange(sun.Zenith, 50.11162 - 1e-5, 50.11162 + 1e-5);
        Assert.InRange(sun.Azimuth, 194.34024 - 1e-5, 194.34024 + 1e-5);
    }

    [Fact]
    public void The_reference_cases_intermediate_values_are_the_reports_to_the_digits_it_prints()
    {
        var sun = Reference();

        // Each to half a unit in the last digit the report prints, so a wrong table entry shows at its own step.
        Assert.Equal(2452930.312847, sun.JulianDay, 6e-7);
        Assert.Equal(24.0182616917, sun.HeliocentricLongitude, 1e-9);
        Assert.Equal(-0.0001011219, sun.HeliocentricLatitude, 1e-10);
        Assert.Equal(0.9965422974, sun.RadiusVector, 1e-10);
        Assert.Equal(-0.00399840, sun.NutationLongitude, 1e-8);
        Assert.Equal(0.00166657, sun.NutationObliquity, 1e-8);
        Assert.Equal(23.440465, sun.TrueObliquity, 1e-6);
        Assert.Equal(204.0085519281, sun.ApparentLongitude, 1e-9);
        Assert.Equal(202.22741, sun.RightAscension, 1e-5);
        Assert.Equal(-9.31434, sun.Declination, 1e-5);
        Assert.Equal(11.105902, sun.HourAngle, 1e-6);
    }

    [Fact]
    public void The_reference_plane_of_slope_30_and_rotation_minus_10_sees_the_sun_at_the_reports_incidence_angle()
    {
        Assert.Equal(25.18700, Reference().IncidenceAngle(slope: 30, azimuthRotation: -10), 1e-5);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(45.0)]
    [InlineData(-33.9)]
    public void At_the_March_equinox_the_noon_sun_stands_at_the_latitude_from_the_zenith_on_the_meridian(double latitude)
    {
        // 2024-03-20: the equinox fell at 03:06 UTC, so the declination at noon is ~+0.12°; the equation of time was
        // about −7.5 min, so at longitude 0 the sun crosses the meridian near 12:07:30 UTC.
        var observer = new SolarObserver(latitude, 0);
        var noon = Enumerable.Range(0, 24 * 60)
            .Select(minute => (minute, sun: SolarPositionAlgorithm.Compute(new DateTimeOffset(2024, 3, 20, 0, 0, 0, TimeSpan.Zero).AddMinutes(minute), observer)))
            .MinBy(m => m.sun.Zenith);

        Assert.InRange(noon.minute, 12 * 60 + 5, 12 * 60 + 10);
        // Refraction lifts the sun by ~0.02° at 45° zenith; the declination moves it ~0.12°: within 0.2° of |latitude|.
        Assert.InRange(noon.sun.Zenith, Math.Abs(latitude) - 0.2, Math.Abs(latitude) + 0.2);
        if (latitude > 1) Assert.InRange(noon.sun.Azimuth, 179, 181);
        if (latitude < -1) Assert.True(noon.sun.Azimuth < 1 || noon.sun.Azimuth > 359, $"{noon.sun.Azimuth}");
    }

    [Theory]
    [InlineData(60.17, 24.94, 2, 1, 15)]   // Helsinki, winter
    [InlineData(39.74, -105.18, -7, 6, 21)] // Golden, summer solstice
    [InlineData(-33.87, 151.21, 10, 9, 1)]  // Sydney
    public void At_local_midnight_the_sun_is_below_the_horizon(double latitude, double longitude, double utcOffset, int month, int day)
    {
        var midnight = new DateTimeOffset(2025, month, day, 0, 0, 0, TimeSpan.FromHours(utcOffset));

        var sun = SolarPositionAlgorithm.Compute(midnight, new SolarObserver(latitude, longitude));

        Assert.False(sun.IsUp);
        Assert.True(sun.Zenith > 100, $"zenith {sun.Zenith}");
    }

    [Fact]
    public void The_julian_day_of_the_J2000_epoch_and_of_a_Julian_calendar_date_are_the_reports()
    {
        // The report's Table 4 examples.
        Assert.Equal(2451545.0, SolarPositionAlgorithm.JulianDay(2000, 1, 1.5));
        Assert.Equal(2299159.5, SolarPositionAlgorithm.JulianDay(1582, 10, 4.0));
        Assert.Equal(2299160.5, SolarPositionAlgorithm.JulianDay(1582, 10, 15.0));
        Assert.Equal(0.0, SolarPositionAlgorithm.JulianDay(-4712, 1, 1.5));
    }
}
