using CityMesh.Simulation.Statistics;

namespace CityMesh.Simulation.Tests.Statistics;

public sealed class ErrorMetricsTests
{
    [Fact]
    public void Mae_rmse_and_mape_match_a_hand_computation()
    {
        var errors = new ErrorAccumulator(mapeFloor: 60);
        errors.Add(110, 100);   // |e| 10, 10 %
        errors.Add(180, 200);   // |e| 20, 10 %
        errors.Add(30, 0);      // |e| 30, actual below the floor: not in MAPE
        errors.Add(double.NaN, 50); // no forecast: not scored
        errors.Add(70, double.NaN); // nothing read: not scored
        var m = errors.Result();
        Assert.Equal(3, m.Points);
        Assert.Equal(2, m.MapePoints);
        Assert.Equal(20, m.Mae, 9);
        Assert.Equal(Math.Sqrt((100 + 400 + 900) / 3.0), m.Rmse, 9);
        Assert.Equal(10, m.Mape, 9);
    }
}
