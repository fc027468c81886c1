namespace CityMesh.Simulation.Synthetic;

/// <summary>How far a generator is: <see cref="Fraction"/> 0–1 and what it is doing ("rendering 3,072 of 10,000").</summary>
public readonly record struct SynthesisProgress(double Fraction, string Stage);
