using CityMesh.Simulation.Air.Data;
using CityMesh.Simulation.Air.Evaluation;

namespace CityMesh.Simulation.Tests.Air;

/// <summary>The eval's field and walk parts on a small data set (seed 5, not one the eval's figures were read on).</summary>
public sealed class AirEvaluationTests
{
    private static readonly AirDataset Data = new(new AirDatasetOptions { Stations = 12, Days = 16 }, seed: 5);

    [Fact]
    public void The_road_assisted_field_beats_the_nearest_station_in_leave_one_out()
    {
        var report = FieldEvaluation.Run(Data, testDays: 2);
        Assert.All(report.Rows, r => Assert.True(r.RoadImprovement > 0, r.ToString()));
        Assert.True(report.Passes);
    }

    [Fact]
    public void Planned_walks_keep_the_cap_never_beat_the_shortest_the_wrong_way_and_save_true_exposure()
    {
        var report = RoutingEvaluation.Run(Data, testDays: 2, walks: 8, seed: 5);
        Assert.Equal(0, report.Violations);
        Assert.True(report.MeanSavedTrue > 0, report.ToString());
        Assert.True(report.MeanSavedOracle >= report.MeanSavedTrue - 1e-9, report.ToString()); // an oracle does at least as well on the truth
    }

    [Fact]
    public void The_data_set_is_the_same_for_a_seed_and_differs_between_seeds()
    {
        var again = new AirDataset(new AirDatasetOptions { Stations = 12, Days = 16 }, seed: 5);
        var other = new AirDataset(new AirDatasetOptions { Stations = 12, Days = 16 }, seed: 6);
        Assert.Equal(Data.Values["no2"][3], again.Values["no2"][3]);
        Assert.NotEqual(Data.Values["no2"][3], other.Values["no2"][3]);
        Assert.All(Data.Values["pm25"].SelectMany(v => v), v => Assert.True(v > 0 && double.IsFinite(v)));
    }
}
