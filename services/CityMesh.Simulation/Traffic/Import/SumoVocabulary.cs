using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>SUMO's attribute values for junction types, turn directions and link states, in the model's terms.</summary>
internal static class SumoVocabulary
{
    /// <summary>The junction type, or null for "internal" (a waiting point inside a junction, not a junction of its own).</summary>
    public static JunctionKind? JunctionKind(XmlElementReader xml, string type) => type switch
    {
        "priority" or "priority_stop" => Model.JunctionKind.Priority,
        "traffic_light" or "traffic_light_right_on_red" => Model.JunctionKind.TrafficLight,
        "right_before_left" => Model.JunctionKind.RightBeforeLeft,
        "allway_stop" or "zipper" => Model.JunctionKind.AllWayStop,
        "dead_end" => Model.JunctionKind.DeadEnd,
        "internal" => null,
        _ => throw xml.Error("type", $"'{type}' is not a supported junction type (priority, priority_stop, traffic_light, " +
                                     "traffic_light_right_on_red, right_before_left, allway_stop, zipper, dead_end)"),
    };

    /// <summary>SUMO's dir: s straight, l/L left (L partly), r/R right, t turnaround.</summary>
    public static Turn Turn(XmlElementReader xml, string dir) => dir switch
    {
        "s" => Model.Turn.Straight,
        "l" or "L" => Model.Turn.Left,
        "r" or "R" => Model.Turn.Right,
        "t" => Model.Turn.UTurn,
        _ => throw xml.Error("dir", $"'{dir}' is not a supported direction (s, l, L, r, R, t)"),
    };

    /// <summary>
    /// A link has right of way when its state is 'M' (major), or 'O' (a signalised link that is major while its
    /// signal is off): the model's Major is exactly "priority when not signalised".
    /// </summary>
    public static bool IsMajor(string state) => state is "M" or "O";
}
