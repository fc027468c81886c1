namespace CityMesh.Simulation.Synthetic;

/// <summary>A bad generator setting: <see cref="Field"/> is its path in the options ("camera.yaw.max"), for messages that name it.</summary>
public sealed record SynthesisOptionError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
