namespace CityMesh.Simulation.Air.Field;

/// <summary>A concentration at any position (µg/m³; NaN where the field has no value), what layers and routes sample.</summary>
public interface IAirField
{
    double ValueAt(double longitude, double latitude);
}
