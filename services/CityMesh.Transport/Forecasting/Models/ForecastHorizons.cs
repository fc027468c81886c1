namespace CityMesh.Transport.Forecasting.Models;

/// <summary>The horizons the issue asks for: 15, 30 and 60 minutes ahead, in 5-minute slots.</summary>
public static class ForecastHorizons
{
    public static readonly IReadOnlyList<int> Minutes = [15, 30, 60];

    public static int Steps(int minutes) => minutes / Data.ForecastDataSet.SlotMinutes;
}
