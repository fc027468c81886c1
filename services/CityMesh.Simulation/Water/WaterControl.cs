namespace CityMesh.Simulation.Water;

/// <summary>What sets off a simple control.</summary>
public enum ControlTrigger
{
    /// <summary>A node's head rises to or above <see cref="WaterControl.Head"/>.</summary>
    HeadAbove,
    /// <summary>A node's head falls to or below <see cref="WaterControl.Head"/>.</summary>
    HeadBelow,
    /// <summary>At <see cref="WaterControl.Time"/> seconds into the run.</summary>
    AtTime,
    /// <summary>At <see cref="WaterControl.Time"/> seconds after midnight, each day.</summary>
    AtClockTime,
}

/// <summary>
/// An EPANET simple control (<c>[CONTROLS]</c>): when the trigger happens, the link is opened, closed or given a
/// setting (a pump's relative speed, a valve's setting in SI). Node levels and pressures in the file are held here
/// as heads (the tank's bottom or the junction's elevation added), so a trigger is one comparison.
/// </summary>
/// <param name="Status">The status it sets; null when it sets <see cref="Setting"/>.</param>
public sealed record WaterControl(string Link, LinkStatus? Status, double? Setting, ControlTrigger Trigger, string? Node = null, double Head = 0, long Time = 0);
