namespace CityMesh.Simulation.Synthetic;

/// <summary>
/// What a generator wrote: headline figures (the scenario's KPIs, e.g. images, imagesPerSecond, anomalies), the
/// directory, and one line for people.
/// </summary>
public sealed record SynthesisSummary(IReadOnlyDictionary<string, double> Figures, string Directory, string Description);
