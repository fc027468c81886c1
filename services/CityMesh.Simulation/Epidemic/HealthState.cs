namespace CityMesh.Simulation.Epidemic;

/// <summary>Where an agent is in its course (one byte per agent).</summary>
public enum HealthState : byte
{
    Susceptible,
    /// <summary>Infected, not yet infectious (latent).</summary>
    Exposed,
    Infectious,
    /// <summary>Recovered and immune, or immune by vaccination.</summary>
    Recovered,
    /// <summary>In a hospital ward (no longer meeting anyone in the layers).</summary>
    Hospitalised,
    /// <summary>In intensive care.</summary>
    Critical,
    Dead,
}
