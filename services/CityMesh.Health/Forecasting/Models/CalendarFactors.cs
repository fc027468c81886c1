using CityMesh.Health.Forecasting.Data;

namespace CityMesh.Health.Forecasting.Models;

/// <summary>
/// How much each kind of day admits against the hospital's level, estimated from training days pooled over
/// hospitals (ratios of sums, so big hospitals weigh by their counts): a factor per weekday (its days against the
/// centred week around them), one for bank holidays and one for the first working day after them (each against the
/// calendar-adjusted mean of the four weeks around it). Which days are holidays is the calendar's
/// (<see cref="BankHolidays"/>); how much they matter is learnt.
/// </summary>
public sealed class CalendarFactors
{
    private readonly double[] _weekday;

    public double Holiday { get; }

    /// <summary>Multiplies the weekday's factor on the first working day after a holiday.</summary>
    public double Rebound { get; }

    private CalendarFactors(double[] weekday, double holiday, double rebound) => (_weekday, Holiday, Rebound) = (weekday, holiday, rebound);

    /// <summary>Monday to Sunday.</summary>
    public IReadOnlyList<double> Weekdays => _weekday;

    public double Weekday(DayOfWeek day) => _weekday[((int)day + 6) % 7];

    public double Of(DateOnly date) =>
        BankHolidays.IsHoliday(date) ? Holiday
        : Weekday(date.DayOfWeek) * (BankHolidays.IsFirstWorkingDayAfterHoliday(date) ? Rebound : 1);

    /// <param name="days">Training days: 0 to days - 1.</param>
    public static CalendarFactors Estimate(AdmissionsSeries series, int days)
    {
        var special = Enumerable.Range(0, days).Select(d => IsSpecial(series.Date(d))).ToArray();
        double[] num = new double[7], den = new double[7];
        for (int h = 0; h < series.Hospitals.Count; h++)
            for (int d = 3; d + 3 < days; d++)
            {
                if (special.AsSpan(d - 3, 7).Contains(true)) continue;
                double week = 0;
                for (int u = d - 3; u <= d + 3; u++) week += series.Count(h, u);
                int k = ((int)series.Date(d).DayOfWeek + 6) % 7;
                num[k] += series.Count(h, d);
                den[k] += week / 7;
            }
        var weekday = new double[7];
        for (int k = 0; k < 7; k++) weekday[k] = den[k] > 0 ? num[k] / den[k] : 1;
        double mean = weekday.Average();
        for (int k = 0; k < 7; k++) weekday[k] /= mean;

        // Holidays and rebound days against the weekday-adjusted mean of the ordinary days within two weeks.
        double holidayNum = 0, holidayDen = 0, reboundNum = 0, reboundDen = 0;
        for (int d = 14; d + 14 < days; d++)
        {
            var date = series.Date(d);
            bool holiday = BankHolidays.IsHoliday(date), rebound = BankHolidays.IsFirstWorkingDayAfterHoliday(date);
            if (!holiday && !rebound) continue;
            for (int h = 0; h < series.Hospitals.Count; h++)
            {
                double local = 0;
                int n = 0;
                for (int u = d - 14; u <= d + 14; u++)
                {
                    if (special[u]) continue;
                    local += series.Count(h, u) / weekday[((int)series.Date(u).DayOfWeek + 6) % 7];
                    n++;
                }
                if (n == 0) continue;
                if (holiday) { holidayNum += series.Count(h, d); holidayDen += local / n; }
                else { reboundNum += series.Count(h, d) / weekday[((int)date.DayOfWeek + 6) % 7]; reboundDen += local / n; }
            }
        }
        // Without a holiday in training, a holiday is taken for a Sunday and the day after for an ordinary day.
        return new CalendarFactors(weekday, holidayDen > 0 ? holidayNum / holidayDen : weekday[6], reboundDen > 0 ? reboundNum / reboundDen : 1);
    }

    private static bool IsSpecial(DateOnly date) => BankHolidays.IsHoliday(date) || BankHolidays.IsFirstWorkingDayAfterHoliday(date);
}
