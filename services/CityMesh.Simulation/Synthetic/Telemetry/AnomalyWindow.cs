namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>A planned anomaly: site, quantity (-1: all of the site's), steps First..Last inclusive, signed magnitude.</summary>
internal readonly record struct AnomalyWindow(int Site, int Quantity, string Kind, int First, int Last, double Magnitude);
