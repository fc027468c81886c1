namespace CityMesh.Simulation.Flood;

/// <summary>
/// What crosses one face per metre of it and per second, in the face's normal direction (+x or +y): mass (m²/s), the
/// normal momentum as the cell on each side sees it (the hydrostatic reconstruction adds a different pressure
/// correction to each side) and the tangential momentum.
/// </summary>
internal readonly struct FaceFlux
{
    public readonly double Mass, NormalLeft, NormalRight, Tangential;

    public FaceFlux(double mass, double normalLeft, double normalRight, double tangential)
    {
        Mass = mass;
        NormalLeft = normalLeft;
        NormalRight = normalRight;
        Tangential = tangential;
    }
}

/// <summary>A cell's conserved variables: depth (m) and the discharges per metre width hu, hv (m²/s).</summary>
internal readonly struct CellState
{
    public readonly double H, Hu, Hv;

    public CellState(double h, double hu, double hv)
    {
        H = h;
        Hu = hu;
        Hv = hv;
    }
}

/// <summary>
/// A cell after a step's fluxes, rain and friction (<see cref="FloodRules.Advance"/>), and its flow speed |(u, v)| for
/// the maximum-speed raster.
/// </summary>
internal readonly struct AdvancedCell
{
    public readonly double H, Hu, Hv, Speed;

    public AdvancedCell(double h, double hu, double hv, double speed)
    {
        H = h;
        Hu = hu;
        Hv = hv;
        Speed = speed;
    }
}
