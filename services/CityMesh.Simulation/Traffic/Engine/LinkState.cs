namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>What a connection lets an approaching vehicle do this step, whatever decided it (signal or priority).</summary>
internal enum LinkState : byte
{
    /// <summary>Go; foes yield to you (SUMO 'G', 'O', a major unsignalised link).</summary>
    Major,
    /// <summary>Go after yielding to approaching foes (SUMO 'g', 's', 'o', a minor unsignalised link).</summary>
    Minor,
    /// <summary>
    /// Yield to the right, or to the left where traffic drives on the left (SUMO '=': right_before_left,
    /// left_before_right): as <see cref="Minor"/>, and of vehicles standing at such links that hold one another the
    /// one that has stood longest goes.
    /// </summary>
    Equal,
    /// <summary>Stop if you can with your normal deceleration (SUMO 'y').</summary>
    Yellow,
    /// <summary>Stop (SUMO 'r', 'u').</summary>
    Red,
    /// <summary>
    /// Halt at the line, then go as <see cref="Minor"/> (a priority_stop junction's minor links): SUMO makes such a
    /// vehicle come to a standstill before it may enter.
    /// </summary>
    Stop,
    /// <summary>
    /// An all-way stop's link (SUMO 'w'): halt at the line like <see cref="Stop"/>; of the vehicles halted at their
    /// lines the one that has waited longest goes first.
    /// </summary>
    AllWayStop,
}
