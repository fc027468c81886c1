using CityMesh.Simulation.Air.Data;

namespace CityMesh.Simulation.Air.Evaluation;

/// <summary>Everything <c>citymesh eval air</c> reports for one seed; <see cref="Passes"/> when every part meets its bar.</summary>
public sealed record AirEvaluationReport(
    int Seed, FaultEvaluationReport Faults, ForecastEvaluationReport Forecast, FieldEvaluationReport Field, RoutingEvaluationReport Routing)
{
    public bool Passes => Faults.Passes && Forecast.Passes && Field.Passes && Routing.Passes;
}

/// <summary>
/// The air-quality models on seeded data: sensor faults on the telemetry generator's labelled series; forecast,
/// field and walks on an <see cref="AirDataset"/> (six weeks, the last two held out).
/// </summary>
public static class AirEvaluation
{
    public const int TestDays = 14, Walks = 40;

    public static AirEvaluationReport Run(int seed, AirDatasetOptions? data = null)
    {
        var set = new AirDataset(data ?? new AirDatasetOptions(), seed);
        return new AirEvaluationReport(seed,
            FaultEvaluation.Run(seed),
            ForecastEvaluation.Run(set, TestDays),
            FieldEvaluation.Run(set, TestDays),
            RoutingEvaluation.Run(set, TestDays, Walks, seed));
    }
}
