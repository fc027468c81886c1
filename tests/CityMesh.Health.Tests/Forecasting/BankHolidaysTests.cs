using CityMesh.Health.Forecasting.Data;

namespace CityMesh.Health.Tests.Forecasting;

public sealed class BankHolidaysTests
{
    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2038, "2038-04-25")]
    public void Easter_falls_on_the_published_date(int year, string date) => Assert.Equal(DateOnly.Parse(date), BankHolidays.Easter(year));

    [Fact]
    public void The_2025_holidays_are_england_and_wales_s_eight()
    {
        string[] published = ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"];
        Assert.Equal(published.Select(DateOnly.Parse).Order(), BankHolidays.In(2025).Order());
    }

    [Fact]
    public void Christmas_on_a_weekend_moves_to_the_next_free_weekdays()
    {
        // 2021: Christmas on a Saturday, Boxing Day on a Sunday → Monday 27 and Tuesday 28.
        Assert.True(BankHolidays.IsHoliday(new DateOnly(2021, 12, 27)));
        Assert.True(BankHolidays.IsHoliday(new DateOnly(2021, 12, 28)));
        // 2022: Christmas on a Sunday → Boxing Day Monday 26, Christmas's substitute Tuesday 27; New Year 2023 (Sunday) → Monday 2.
        Assert.True(BankHolidays.IsHoliday(new DateOnly(2022, 12, 26)));
        Assert.True(BankHolidays.IsHoliday(new DateOnly(2022, 12, 27)));
        Assert.True(BankHolidays.IsHoliday(new DateOnly(2023, 1, 2)));
        Assert.False(BankHolidays.IsHoliday(new DateOnly(2022, 12, 28)));
    }

    [Fact]
    public void The_first_working_day_after_easter_is_the_tuesday()
    {
        Assert.False(BankHolidays.IsFirstWorkingDayAfterHoliday(new DateOnly(2025, 4, 21)));   // Easter Monday itself
        Assert.True(BankHolidays.IsFirstWorkingDayAfterHoliday(new DateOnly(2025, 4, 22)));
        Assert.False(BankHolidays.IsFirstWorkingDayAfterHoliday(new DateOnly(2025, 4, 23)));
        Assert.True(BankHolidays.IsFirstWorkingDayAfterHoliday(new DateOnly(2025, 12, 29)));   // after Thursday–Friday Christmas
    }
}
