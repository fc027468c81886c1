namespace CityMesh.Sensors;

/// <summary>
/// A storm the simulated sensors are told to see, for drills: rain rising in a straight line to <see cref="Peak"/> over
/// <see cref="Rise"/>, held for <see cref="Hold"/>, falling as it rose. Peak is on the scale of the simulator's own
/// storms (about 0.5 to 1.1): at 1 a flood gauge with an average response reaches about its alert line, at 1.5 every
/// gauge passes it and most pass their critical line. Times are the city's clock.
/// </summary>
public sealed record StormDrill(DateTimeOffset Start, TimeSpan Rise, TimeSpan Hold, double Peak)
{
    public const double MaxPeak = 3;

    public DateTimeOffset End => Start + Rise + Hold + Rise;

    /// <summary>The drill's rain at a city time; 0 outside it.</summary>
    public double RainAt(DateTimeOffset cityTime)
    {
        var since = cityTime - Start;
        if (since <= TimeSpan.Zero || cityTime >= End) return 0;
        if (since < Rise) return Peak * (since / Rise);
        if (since < Rise + Hold) return Peak;
        return Peak * ((End - cityTime) / Rise);
    }
}
