namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>What a connection lets an approaching vehicle do this step, whatever decided it (signal or priority).</summary>
internal enum LinkState : byte
{
    /// <summary>Go; foes yield to you (SUMO 'G', 'O', a major unsignalised link).</summary>
    Major,
    /// <summary>Go after yielding to approaching foes (SUMO 'g', 's', 'o', a minor unsignalised link).</summary>
    Minor,
    /// <summary>Stop if you can with your normal deceleration (SUMO 'y').</summary>
    Yellow,
    /// <summary>Stop (SUMO 'r', 'u').</summary>
    Red,
    /// <summary>
    /// Halt at the line, then go as <see cref="Minor"/> (an all-way stop, a priority_stop junction's minor links):
    /// SUMO makes such a vehicle come to a standstill before it may enter.
    /// </summary>
    Stop,
}
