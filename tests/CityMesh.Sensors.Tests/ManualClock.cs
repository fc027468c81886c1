namespace CityMesh.Sensors.Tests;

/// <summary>A clock the test moves by hand, so simulated city time advances exactly as the test says.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
