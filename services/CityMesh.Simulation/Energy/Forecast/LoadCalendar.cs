namespace CityMesh.Simulation.Energy.Forecast;

/// <summary>
/// The calendar features of the load model: a level per hour of day and day type (weekday, weekend), and per hour of
/// the week a deviation from it, entered at <see cref="DeviationScale"/> so that the ridge penalty pulls it towards
/// zero unless the weeks agree on it. A Monday morning or a Sunday evening unlike its day type's is learnt; where the
/// days of a type are alike, each hour is estimated from all of them (five weekdays' data rather than one's), which
/// halves the estimate's noise on a few weeks of history. Public holidays are not told apart (the synthetic city has none).
/// </summary>
internal static class LoadCalendar
{
    public const int TypeCells = 2 * 24;
    public const int Features = TypeCells + HourlyLoad.HoursPerWeek;

    /// <summary>
    /// The deviations' feature value: with the model's λ (1e-5 per row) a deviation seen on 8 weeks keeps about a third
    /// of its raw size, so eight noisy readings do not become a pattern while a real weekly habit still shows.
    /// </summary>
    public const double DeviationScale = 0.03;

    /// <param name="hourOfWeek">0 is Monday 00:00.</param>
    public static int TypeCell(int hourOfWeek) => (hourOfWeek >= 5 * 24 ? 24 : 0) + hourOfWeek % 24;

    public static int DeviationCell(int hourOfWeek) => TypeCells + hourOfWeek;
}
