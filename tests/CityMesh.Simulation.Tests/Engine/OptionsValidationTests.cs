using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Generation;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Engine;

public sealed class OptionsValidationTests
{
    public static TheoryData<TrafficSimulationOptions, string> Bad => new()
    {
        { new TrafficSimulationOptions { StepLength = 0 }, "StepLength" },
        { new TrafficSimulationOptions { StepLength = double.NaN }, "StepLength" },
        { new TrafficSimulationOptions { EndTime = -5 }, "EndTime" },
        { new TrafficSimulationOptions { MaxTime = 0 }, "MaxTime" },
        { new TrafficSimulationOptions { MinGreen = -1 }, "MinGreen" },
        { new TrafficSimulationOptions { Yellow = double.PositiveInfinity }, "Yellow" },
        { new TrafficSimulationOptions { MaxDegreeOfParallelism = 0 }, "MaxDegreeOfParallelism" },
        { new TrafficSimulationOptions { ProgressInterval = 0 }, "ProgressInterval" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Should_Refuse_A_Bad_Setting_Naming_It(TrafficSimulationOptions options, string setting)
    {
        var network = GridNetworkGenerator.Build(2);
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => new TrafficSimulation(network, new TrafficDemand([VehicleType.DefaultCar], []), options));
        Assert.Equal(setting, failure.ParamName);
        Assert.StartsWith($"{setting} is ", failure.Message);
    }

    [Fact]
    public void Should_Accept_The_Defaults() => Assert.NotNull(new TrafficSimulationOptions().Validated());
}
