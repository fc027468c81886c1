namespace CityMesh.Simulation.Solar;

/// <summary>The shape of a roof, as far as the sun cares.</summary>
public enum RoofKind
{
    /// <summary>Level: one horizontal plane (modules assessed as laid flat, as the Helsinki atlas maps roof surfaces).</summary>
    Flat,

    /// <summary>A gable: two planes at the roof's pitch, the ridge along the footprint's long axis, one facing each side.</summary>
    Pitched,
}
