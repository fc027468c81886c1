namespace CityMesh.Simulation.Solar.Position;

/// <summary>One term A·cos(B + C·τ) of a VSOP87 series for the Earth (τ in Julian ephemeris millennia; B in radians).</summary>
internal readonly record struct PeriodicTerm(double A, double B, double C);

/// <summary>One term of the nutation series: the multipliers Y0..Y4 of the arguments X0..X4, and a, b, c, d in 0.0001″.</summary>
internal readonly record struct NutationTerm(int Y0, int Y1, int Y2, int Y3, int Y4, double A, double B, double C, double D);
