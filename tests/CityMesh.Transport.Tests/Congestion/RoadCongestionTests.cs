using CityMesh.Contracts.Transport;
using CityMesh.Transport.Congestion;

namespace CityMesh.Transport.Tests.Congestion;

public sealed class RoadCongestionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 17, 0, 0, TimeSpan.Zero);
    private readonly CongestionOptions _options = new();
    private int _minute;

    /// <summary>Speed limit 50 km/h: the prior free flow until enough free-flow readings were seen.</summary>
    private readonly RoadCongestion _road = new(50, new CongestionOptions());

    private bool Read(double speed, double occupancy) => _road.Observe("d1", T0.AddMinutes(++_minute), speed, occupancy, 900);

    [Fact]
    public void A_road_enters_congestion_only_after_enough_slow_and_occupied_readings_in_a_row()
    {
        Assert.False(Read(15, 0.4));
        Assert.False(Read(15, 0.4));
        Assert.False(_road.Congested);
        Assert.True(Read(15, 0.4));
        Assert.True(_road.Congested);
        Assert.Equal(T0.AddMinutes(3), _road.Since);
        var evidence = Assert.IsType<CongestionEvidence>(_road.Evidence);
        Assert.Equal(0.3, evidence.SpeedRatio);
        Assert.Equal(3, evidence.Readings);
        Assert.False(evidence.FreeFlowLearned);
    }

    [Fact]
    public void A_slow_but_empty_road_is_not_congested()
    {
        for (var i = 0; i < 10; i++) Assert.False(Read(15, 0.05));
        Assert.False(_road.Congested);
    }

    [Fact]
    public void Alternating_readings_never_flap_the_state()
    {
        for (var i = 0; i < 20; i++)
        {
            Assert.False(Read(15, 0.4));
            Assert.False(Read(45, 0.05));
        }
        Assert.False(_road.Congested);
    }

    [Fact]
    public void Between_the_enter_and_exit_thresholds_a_congested_road_stays_congested()
    {
        for (var i = 0; i < 3; i++) Read(15, 0.4);
        Assert.True(_road.Congested);
        // 30 km/h is 0.6 of free flow: above entering (0.5), below leaving (0.7); occupancy still high.
        for (var i = 0; i < 10; i++) Assert.False(Read(30, 0.3));
        Assert.True(_road.Congested);
        Assert.False(Read(40, 0.3));
        Assert.False(Read(40, 0.3));
        Assert.True(Read(40, 0.3));
        Assert.False(_road.Congested);
    }

    [Fact]
    public void Free_flow_is_learned_from_low_occupancy_readings()
    {
        for (var i = 0; i < _options.FreeFlowSamples; i++) Read(36, 0.03);
        Assert.Equal(36, _road.FreeFlowKmh);
        // 20 km/h is 0.4 of the 50 km/h limit but 0.56 of the learned 36: not congested any more.
        for (var i = 0; i < 5; i++) Assert.False(Read(20, 0.4));
        Assert.True(_road.Evidence!.FreeFlowLearned);
        Assert.Equal(0.556, _road.Evidence.SpeedRatio);
    }

    [Fact]
    public void A_redelivered_or_older_reading_is_ignored()
    {
        var at = T0.AddMinutes(1);
        for (var i = 0; i < 5; i++) Assert.False(_road.Observe("d1", at, 10, 0.5, 900));
        Assert.False(_road.Observe("d1", at.AddMinutes(-1), 10, 0.5, 900));
        Assert.False(_road.Congested);
        Assert.Equal(1, _road.Evidence!.Readings);
    }

    [Theory]
    [InlineData("ExitSpeedRatio", "CityMesh:Transport:Congestion:ExitSpeedRatio is 0.4")]
    [InlineData("ExitOccupancy", "CityMesh:Transport:Congestion:ExitOccupancy is 0.5")]
    [InlineData("EnterReadings", "CityMesh:Transport:Congestion:EnterReadings is 0")]
    public void Settings_out_of_range_are_refused_naming_the_key(string setting, string message)
    {
        var options = setting switch
        {
            "ExitSpeedRatio" => new CongestionOptions { ExitSpeedRatio = 0.4 },
            "ExitOccupancy" => new CongestionOptions { ExitOccupancy = 0.5 },
            _ => new CongestionOptions { EnterReadings = 0 },
        };
        var error = Assert.Throws<InvalidOperationException>(() => new TransportOptions { Congestion = options }.Validated());
        Assert.StartsWith(message, error.Message);
    }
}
