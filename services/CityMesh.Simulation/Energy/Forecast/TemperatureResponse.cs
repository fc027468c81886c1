namespace CityMesh.Simulation.Energy.Forecast;

/// <summary>
/// The temperature features of the load model: a linear spline in the hour's temperature with knots every
/// <see cref="LoadForecastOptions.KnotSpacing"/> °C either side of <see cref="LoadForecastOptions.BaseTemperature"/>,
/// as heating degrees below each knot at or under the base, max(0, k − T), and cooling degrees above each knot at or
/// over it, max(0, T − k). At the base these are the classic heating and cooling degree-hours; each further knot's
/// coefficient is a change of slope there, so the shape can follow a city's buildings (a flat band where they need
/// neither, a slope that steepens in the cold) rather than be assumed. The further knots enter at
/// <see cref="LoadForecastOptions.SlopeChangeScale"/>, so the ridge penalty keeps a slope change near zero unless the
/// history shows it over many hours: a few weeks of meter data cover a stretch of temperatures thinly, and there a
/// free slope would bend to a warm spell's faulty readings and be carried wherever the forecast goes. A knot beyond
/// the coldest or warmest hour seen is zero on every training row, so a forecast colder or warmer than the history
/// carries the outermost fitted slope on.
/// </summary>
internal static class TemperatureResponse
{
    public static int Features(LoadForecastOptions o) => 2 * o.KnotsEachSide;

    /// <summary>Writes the hour's <see cref="Features"/> values into <paramref name="x"/>.</summary>
    public static void Fill(LoadForecastOptions o, double temperature, Span<double> x)
    {
        for (var k = 0; k < o.KnotsEachSide; k++)
        {
            var offset = k * o.KnotSpacing;
            var scale = k == 0 ? 1 : o.SlopeChangeScale;
            x[2 * k] = scale * Math.Max(0, o.BaseTemperature - offset - temperature);
            x[2 * k + 1] = scale * Math.Max(0, temperature - o.BaseTemperature - offset);
        }
    }
}
