using CityMesh.Simulation.Solar.Irradiance;

namespace CityMesh.Simulation.Tests.Solar;

public sealed class IrradianceTests
{
    private static readonly IneichenPerezClearSky Clear = new(LinkeTurbidity: 3.0);

    [Theory]
    [InlineData(0.0)]
    [InlineData(30.0)]
    [InlineData(60.0)]
    [InlineData(80.0)]
    [InlineData(88.5)]
    public void A_horizontal_plane_receives_the_global_horizontal_irradiance(double zenith)
    {
        var sky = Clear.At(zenith, 1.0);
        var sun = HayDavies.SunDirection(zenith, 135);

        var poa = HayDavies.On(RoofPlane.Horizontal.Normal, sun, sky, IneichenPerezClearSky.SolarConstant);

        Assert.True(sky.Ghi > 0);
        Assert.Equal(0.0, poa.Ground);
        Assert.Equal(sky.Ghi, poa.Total, sky.Ghi * 1e-12);
    }

    [Theory]
    [InlineData(20.0, 150.0)]
    [InlineData(50.0, 200.0)]
    [InlineData(75.0, 260.0)]
    public void A_plane_facing_the_sun_gets_the_direct_normal_plus_its_share_of_sky_and_ground(double zenith, double azimuth)
    {
        var sky = Clear.At(zenith, 1.0);
        var sun = HayDavies.SunDirection(zenith, azimuth);
        var facing = new RoofPlane(zenith, azimuth);
        double e0 = IneichenPerezClearSky.SolarConstant, cosTilt = Math.Cos(zenith * Math.PI / 180), a = sky.Dni / e0;

        var hayDavies = HayDavies.On(facing.Normal, sun, sky, e0, albedo: 0.25);
        var isotropic = HayDavies.On(facing.Normal, sun, sky, e0, albedo: 0.25, isotropic: true);

        // Written out: the beam at normal incidence; Hay–Davies' circumsolar A·DHI·Rb with Rb = 1 / cos θz; the rest
        // of the sky by (1 + cos β) / 2; the ground by (1 − cos β) / 2, with β = θz.
        Assert.Equal(sky.Dni, hayDavies.Beam, 1e-9);
        Assert.Equal(a * sky.Dhi / cosTilt, hayDavies.Circumsolar, 1e-9);
        Assert.Equal((1 - a) * sky.Dhi * (1 + cosTilt) / 2, hayDavies.IsotropicSky, 1e-9);
        Assert.Equal(0.25 * sky.Ghi * (1 - cosTilt) / 2, hayDavies.Ground, 1e-9);
        Assert.Equal(sky.Dni + sky.Dhi * (1 + cosTilt) / 2 + 0.25 * sky.Ghi * (1 - cosTilt) / 2, isotropic.Total, 1e-9);
        Assert.True(hayDavies.Total > isotropic.Total, "the circumsolar sky seen head-on adds to the isotropic share");
    }

    [Fact]
    public void A_plane_facing_away_from_the_sun_gets_no_beam_and_no_circumsolar_light()
    {
        var sky = Clear.At(40, 1.0);
        // Tilted 60° towards the north, the sun 50° up in the south: the sun is 10° behind the plane.
        var poa = HayDavies.On(new RoofPlane(60, 0).Normal, HayDavies.SunDirection(40, 180), sky, IneichenPerezClearSky.SolarConstant);

        Assert.Equal(0.0, poa.Beam);
        Assert.Equal(0.0, poa.Circumsolar);
        Assert.True(poa.IsotropicSky > 0);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(30.0)]
    [InlineData(45.0)]
    [InlineData(60.0)]
    public void The_clear_sky_agrees_with_Haurwitz_within_5_percent_for_a_typical_turbidity_at_sea_level(double zenith)
    {
        // Haurwitz (1945; as in Reno, Hansen and Stein, SAND2012-2389, eq. 3): GHI = 1098 cos θz e^(−0.057 / cos θz),
        // a fit to clear days with no turbidity input. An independent published model of the same sky: TL = 3 is
        // the typical clear mid-latitude sky it was fitted to, and the two agree to 2–4 % up to 60°.
        double cos = Math.Cos(zenith * Math.PI / 180);
        double haurwitz = 1098 * cos * Math.Exp(-0.057 / cos);

        var sky = Clear.At(zenith, 1.0);

        Assert.InRange(sky.Ghi, 0.95 * haurwitz, 1.05 * haurwitz);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(45.0, 0.0)]
    [InlineData(70.0, 1500.0)]
    public void Diffuse_closes_the_balance_and_the_beam_stays_under_the_extraterrestrial(double zenith, double altitude)
    {
        var model = new IneichenPerezClearSky(3.0, altitude);
        var sky = model.At(zenith, 0.983);
        double cos = Math.Cos(zenith * Math.PI / 180);

        Assert.Equal(sky.Ghi, sky.Dni * cos + sky.Dhi, 1e-9);
        Assert.InRange(sky.Dni, 0.5 * 1367 / (0.983 * 0.983), 1367 / (0.983 * 0.983));
        Assert.True(sky.Dhi > 0);
    }

    [Fact]
    public void Hazier_air_lets_less_through_and_a_higher_site_more()
    {
        var clean = new IneichenPerezClearSky(2).At(30, 1);
        var hazy = new IneichenPerezClearSky(5).At(30, 1);
        var high = new IneichenPerezClearSky(3, 2000).At(30, 1);
        var low = new IneichenPerezClearSky(3, 0).At(30, 1);

        Assert.True(hazy.Ghi < clean.Ghi && hazy.Dni < clean.Dni && hazy.Dhi > clean.Dhi);
        Assert.True(high.Ghi > low.Ghi && high.Dni > low.Dni);
    }

    [Fact]
    public void There_is_no_light_with_the_sun_at_or_below_the_horizon()
    {
        Assert.Equal(ClearSkyIrradiance.Dark, Clear.At(90, 1));
        Assert.Equal(ClearSkyIrradiance.Dark, Clear.At(120, 1));
    }

    [Fact]
    public void Kasten_Young_air_mass_is_one_overhead_secant_like_high_up_and_finite_at_the_horizon()
    {
        Assert.Equal(1.0, AirMass.Relative(0), 1e-3);
        Assert.Equal(2.0, AirMass.Relative(60), 0.01);
        // Kasten and Young's table: 37.92 at 90°.
        Assert.Equal(37.92, AirMass.Relative(90), 0.05);
    }
}
