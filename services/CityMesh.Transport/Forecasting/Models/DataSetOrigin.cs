using CityMesh.Transport.Forecasting.Data;

namespace CityMesh.Transport.Forecasting.Models;

/// <summary>An origin inside a data set: a day and slot; lags before midnight read the day before. Moved, not reallocated, by loops.</summary>
public sealed class DataSetOrigin(ForecastDataSet set) : IForecastOrigin
{
    public int Day { get; private set; }

    public int Slot { get; private set; }

    public bool Weekend { get; private set; }

    public DataSetOrigin At(int day, int slot)
    {
        Day = day;
        Slot = slot;
        Weekend = set.IsWeekend(day);
        return this;
    }

    public float Observed(Quantity quantity, int road, int lag)
    {
        int day = Day, slot = Slot - lag;
        while (slot < 0)
        {
            day--;
            slot += ForecastDataSet.SlotsPerDay;
        }
        return day < 0 ? float.NaN : set.Series(quantity)[set.Index(road, day, slot)];
    }

    /// <summary>The reading <paramref name="steps"/> slots after the origin, on the same day; NaN past its end.</summary>
    public float Actual(Quantity quantity, int road, int steps) =>
        Slot + steps < ForecastDataSet.SlotsPerDay ? set.Series(quantity)[set.Index(road, Day, Slot + steps)] : float.NaN;
}
