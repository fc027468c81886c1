namespace CityMesh.Simulation.Epidemic;

/// <summary>Where an agent is in the SEIR course (one byte per agent).</summary>
public enum HealthState : byte
{
    Susceptible,
    /// <summary>Infected, not yet infectious (latent).</summary>
    Exposed,
    Infectious,
    /// <summary>Recovered and immune, or removed.</summary>
    Recovered,
}
