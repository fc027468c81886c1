using CityMesh.Transport.Forecasting.Data;

namespace CityMesh.Transport.Tests.Forecasting;

/// <summary>Hand-made data sets for model tests.</summary>
internal static class SyntheticSets
{
    /// <summary>A data set whose flow and speed at (road, day, slot) come from <paramref name="value"/>.</summary>
    public static ForecastDataSet Make(int roads, int days, Func<int, int, int, float> value, DateOnly? firstDay = null)
    {
        var n = roads * days * ForecastDataSet.SlotsPerDay;
        var set = new ForecastDataSet(firstDay ?? new DateOnly(2026, 3, 2), days, Enumerable.Range(0, roads).Select(r => $"road_{r}").ToArray(),
            new float[n], new float[n], []);
        for (int r = 0; r < roads; r++)
            for (int d = 0; d < days; d++)
                for (int s = 0; s < ForecastDataSet.SlotsPerDay; s++)
                    set.Flow[set.Index(r, d, s)] = set.Speed[set.Index(r, d, s)] = value(r, d, s);
        return set;
    }
}
