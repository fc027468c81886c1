namespace CityMesh.Health.Forecasting.Data;

/// <summary>
/// How the synthetic city's emergency admissions vary with the calendar: Monday the busiest day, the weekend about a
/// fifth below the weekdays, a bank holiday like a Sunday and the first working day after it busier by a tenth
/// (referrals deferred over the holiday). Sources and arithmetic: Forecasting/README.md, "Data design".
/// </summary>
public static class WeekdayPattern
{
    /// <summary>Monday to Sunday, relative to the week's mean (they average 1).</summary>
    private static readonly double[] ByDay = [1.13, 1.07, 1.05, 1.04, 1.04, 0.84, 0.83];

    public const double Holiday = 0.83;

    public const double Rebound = 1.10;

    public static double Factor(DayOfWeek day) => ByDay[((int)day + 6) % 7];

    /// <summary>The calendar's factor for a date: its weekday's, a holiday's, or its weekday's with the rebound.</summary>
    public static double Of(DateOnly date) =>
        BankHolidays.IsHoliday(date) ? Holiday
        : Factor(date.DayOfWeek) * (BankHolidays.IsFirstWorkingDayAfterHoliday(date) ? Rebound : 1);
}
