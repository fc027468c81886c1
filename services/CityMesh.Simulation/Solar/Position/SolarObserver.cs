namespace CityMesh.Simulation.Solar.Position;

/// <summary>Where the sun is seen from, and the air it is seen through (for refraction).</summary>
/// <param name="Latitude">Geodetic latitude, degrees, north positive.</param>
/// <param name="Longitude">Longitude, degrees, east positive (Golden, Colorado is −105.1786).</param>
/// <param name="Elevation">Metres above sea level: the parallax of the sun depends on it, faintly.</param>
/// <param name="PressureMbar">Annual mean local pressure, millibars, for the refraction.</param>
/// <param name="TemperatureC">Annual mean local temperature, °C, for the refraction.</param>
/// <param name="RefractionAtHorizon">Atmospheric refraction at sunrise and sunset, degrees (0.5667 is the SPA report's
/// typical value); below −(sun radius + this) the sun is set and no refraction is applied.</param>
public sealed record SolarObserver(
    double Latitude,
    double Longitude,
    double Elevation = 0,
    double PressureMbar = 1013.25,
    double TemperatureC = 12,
    double RefractionAtHorizon = 0.5667)
{
    /// <summary>What is wrong with these values, one line each; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!(Latitude is >= -90 and <= 90)) problems.Add($"latitude must be in [-90, 90] degrees, not {Latitude}");
        if (!(Longitude is >= -180 and <= 180)) problems.Add($"longitude must be in [-180, 180] degrees, not {Longitude}");
        if (!(Elevation is >= -500 and <= 10_000)) problems.Add($"elevation must be in [-500, 10000] m, not {Elevation}");
        if (!(PressureMbar is > 0 and <= 5000)) problems.Add($"pressure must be in (0, 5000] mbar, not {PressureMbar}");
        if (!(TemperatureC is > -273 and <= 6000)) problems.Add($"temperature must be in (-273, 6000] °C, not {TemperatureC}");
        if (!(RefractionAtHorizon is >= -5 and <= 5)) problems.Add($"refraction at the horizon must be in [-5, 5] degrees, not {RefractionAtHorizon}");
        return problems;
    }
}
