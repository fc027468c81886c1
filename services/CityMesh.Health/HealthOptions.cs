using CityMesh.Limits.Settings;

namespace CityMesh.Health;

/// <summary>Settings under <c>CityMesh:Health</c>.</summary>
public sealed record HealthOptions : ISettings<HealthOptions>
{
    public const string Section = "CityMesh:Health";

    static string ISettings<HealthOptions>.Section => Section;

    /// <summary>The city whose hospitals and ambulances this service watches: the city segment of entity ids; null uses <c>CityMesh:City:Name</c>.</summary>
    public string? City { get; init; }

    public Capacity.CapacityOptions Capacity { get; init; } = new();

    public Dispatch.DispatchOptions Dispatch { get; init; } = new();

    public Dispatch.SimulatedCallsOptions SimulatedCalls { get; init; } = new();

    public Surge.SurgeOptions Surge { get; init; } = new();

    public Forecasting.Live.ForecastOptions Forecast { get; init; } = new();

    /// <exception cref="InvalidOperationException">A setting out of range; the message names the key.</exception>
    public HealthOptions Validated()
    {
        Capacity.Validate($"{Section}:Capacity");
        Dispatch.Validate($"{Section}:Dispatch");
        SimulatedCalls.Validate($"{Section}:SimulatedCalls");
        Surge.Validate($"{Section}:Surge");
        Forecast.Validate($"{Section}:Forecast");
        return this;
    }
}
