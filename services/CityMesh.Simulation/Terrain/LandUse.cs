namespace CityMesh.Simulation.Terrain;

/// <summary>What covers the ground, as far as flow resistance goes (<see cref="ManningTable"/>).</summary>
public enum LandUse
{
    /// <summary>Bare or unclassified ground: the background where no polygon says otherwise.</summary>
    Open,
    /// <summary>Roads, car parks, plazas: asphalt and concrete.</summary>
    Paved,
    /// <summary>Residential lots: gardens, fences, sheds, with the houses themselves given as <see cref="Building"/>.</summary>
    Residential,
    /// <summary>Commercial and industrial yards, with their buildings given as <see cref="Building"/>.</summary>
    Commercial,
    /// <summary>Parks, lawns, playing fields.</summary>
    Park,
    /// <summary>Woodland.</summary>
    Forest,
    /// <summary>Rivers, canals, ponds.</summary>
    Water,
    /// <summary>A building footprint: water does not flow through it (blocked), whatever lies under it.</summary>
    Building,
}
