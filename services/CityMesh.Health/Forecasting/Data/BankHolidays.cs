using System.Collections.Concurrent;

namespace CityMesh.Health.Forecasting.Data;

/// <summary>
/// Bank holidays in England and Wales by their standing rules (Banking and Financial Dealings Act 1971 and the
/// royal proclamations that fix the May and August Mondays): New Year's Day, Good Friday, Easter Monday, the first and
/// last Mondays of May, the last Monday of August, Christmas Day and Boxing Day, each moved to the next free weekday
/// when it falls on a weekend. One-off holidays (jubilees, coronations, state funerals) are not included.
/// The synthetic data and the models read the same calendar: holidays are known in advance, how much they change
/// admissions is what the models estimate.
/// </summary>
public static class BankHolidays
{
    private static readonly ConcurrentDictionary<int, HashSet<DateOnly>> Years = new();

    public static bool IsHoliday(DateOnly date) => Years.GetOrAdd(date.Year, For).Contains(date);

    /// <summary>
    /// A Monday-to-Friday that is not a holiday, whose previous weekday was one: the day referrals deferred over the
    /// holiday arrive (after Easter, the Tuesday; after a Thursday–Friday Christmas, the Monday after).
    /// </summary>
    public static bool IsFirstWorkingDayAfterHoliday(DateOnly date)
    {
        if (IsWeekend(date) || IsHoliday(date)) return false;
        var previous = date.AddDays(-1);
        while (IsWeekend(previous)) previous = previous.AddDays(-1);
        return IsHoliday(previous);
    }

    public static IReadOnlyCollection<DateOnly> In(int year) => Years.GetOrAdd(year, For);

    /// <summary>Easter Sunday (Gregorian) by the anonymous algorithm of Nature, 1876 (Meeus, Astronomical Algorithms, ch. 8).</summary>
    public static DateOnly Easter(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
        int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
        int n = h + l - 7 * m + 114;
        return new DateOnly(year, n / 31, n % 31 + 1);
    }

    private static HashSet<DateOnly> For(int year)
    {
        var easter = Easter(year);
        var days = new HashSet<DateOnly>
        {
            easter.AddDays(-2),
            easter.AddDays(1),
            FirstMonday(year, 5),
            LastMonday(year, 5),
            LastMonday(year, 8),
        };
        // Fixed dates: those on a weekday stand; then each on a weekend moves to the next weekday not already taken
        // (Christmas on a Saturday → Monday 27th, Boxing Day on the Sunday → Tuesday 28th).
        DateOnly[] fixedDates = [new(year, 1, 1), new(year, 12, 25), new(year, 12, 26)];
        foreach (var date in fixedDates.Where(d => !IsWeekend(d))) days.Add(date);
        foreach (var date in fixedDates.Where(IsWeekend))
        {
            var moved = date;
            while (IsWeekend(moved) || days.Contains(moved)) moved = moved.AddDays(1);
            days.Add(moved);
        }
        return days;
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static DateOnly FirstMonday(int year, int month)
    {
        var date = new DateOnly(year, month, 1);
        while (date.DayOfWeek != DayOfWeek.Monday) date = date.AddDays(1);
        return date;
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var date = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (date.DayOfWeek != DayOfWeek.Monday) date = date.AddDays(-1);
        return date;
    }
}
