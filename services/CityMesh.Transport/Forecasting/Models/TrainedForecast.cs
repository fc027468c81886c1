using CityMesh.Transport.Forecasting.Data;

namespace CityMesh.Transport.Forecasting.Models;

/// <summary>Both models fitted on a data set's days, with the roads (detectors) in the order their indices use.</summary>
public sealed record TrainedForecast(IReadOnlyList<string> Roads, HistoricalAverage Average, ResidualAutoregression Model)
{
    public static TrainedForecast Train(ForecastDataSet set, DetectorNeighbours neighbours, IReadOnlyCollection<int>? days = null)
    {
        days ??= Enumerable.Range(0, set.Days).ToArray();
        var average = new HistoricalAverage(set, days);
        return new TrainedForecast(set.Roads, average, new ResidualAutoregression(set, days, average, neighbours));
    }
}
