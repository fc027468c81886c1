using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>SUMO's attribute values for junction types, turn directions and link states, in the model's terms.</summary>
internal static class SumoVocabulary
{
    /// <summary>The junction type, or null for "internal" (a waiting point inside a junction, not a junction of its own).</summary>
    public static JunctionKind? JunctionKind(XmlElementReader xml, string type) => type switch
    {
        "priority" => Model.JunctionKind.Priority,
        "priority_stop" => Model.JunctionKind.PriorityStop,
        "traffic_light" or "traffic_light_right_on_red" or "traffic_light_unregulated" => Model.JunctionKind.TrafficLight,
        "right_before_left" => Model.JunctionKind.RightBeforeLeft,
        "left_before_right" => Model.JunctionKind.LeftBeforeRight,
        "unregulated" => Model.JunctionKind.Unregulated,
        "allway_stop" => Model.JunctionKind.AllWayStop,
        "zipper" => Model.JunctionKind.Zipper,
        // A district is a zone's centre (networks imported from VISUM): traffic starts and ends there, as at a boundary.
        "dead_end" or "district" => Model.JunctionKind.DeadEnd,
        "rail_crossing" => Model.JunctionKind.RailCrossing,
        "rail_signal" => Model.JunctionKind.RailSignal,
        "internal" => null,
        _ => throw xml.Error("type", $"'{type}' is not a supported junction type (priority, priority_stop, traffic_light, " +
                                     "traffic_light_right_on_red, traffic_light_unregulated, right_before_left, left_before_right, " +
                                     "unregulated, allway_stop, zipper, rail_crossing, rail_signal, dead_end, district)"),
    };

    /// <summary>
    /// SUMO's name for a junction kind (the variants a kind stands for, such as traffic_light_right_on_red, by the
    /// kind's main name).
    /// </summary>
    public static string JunctionTypeName(JunctionKind kind) => kind switch
    {
        Model.JunctionKind.Priority => "priority",
        Model.JunctionKind.PriorityStop => "priority_stop",
        Model.JunctionKind.TrafficLight => "traffic_light",
        Model.JunctionKind.RightBeforeLeft => "right_before_left",
        Model.JunctionKind.LeftBeforeRight => "left_before_right",
        Model.JunctionKind.Unregulated => "unregulated",
        Model.JunctionKind.AllWayStop => "allway_stop",
        Model.JunctionKind.Zipper => "zipper",
        Model.JunctionKind.DeadEnd => "dead_end",
        Model.JunctionKind.RailCrossing => "rail_crossing",
        Model.JunctionKind.RailSignal => "rail_signal",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
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
    /// The letters of a &lt;phase&gt; state as SUMO defines them (netconvert and sumo refuse any other): r red,
    /// u red-yellow, y yellow, Y yellow (major), g green (yield), G green (priority), s stop then go (green arrow),
    /// o off and blinking, O off with no signal.
    /// </summary>
    public const string SignalLetters = "ruyYgGsoO";

    /// <summary>Letters of a connection's state: the signal letters plus M major, m minor, = equal, w all-way stop, Z zipper, - dead end.</summary>
    public const string LinkLetters = SignalLetters + "Mm=wZ-";

    /// <summary>The phase's state, or an error naming the first letter SUMO does not define.</summary>
    public static string SignalState(XmlElementReader xml, string state)
    {
        if (state.Length == 0) throw xml.Error("state", "is empty; it needs one letter per link of the light");
        var bad = state.AsSpan().IndexOfAnyExcept(SignalLetters);
        return bad < 0 ? state
            : throw xml.Error("state", $"has '{TrafficImportException.Quote(state[bad].ToString())}' at position {bad}; a signal state is made of SUMO's letters {SignalLetters}");
    }

    /// <summary>A connection's one-letter state, or an error listing SUMO's.</summary>
    public static string LinkState(XmlElementReader xml, string state) =>
        state.Length == 1 && LinkLetters.Contains(state[0])
            ? state
            : throw xml.Error("state", $"'{TrafficImportException.Quote(state)}' is not a link state (one of {LinkLetters})");

    /// <summary>
    /// A lane's permissions from its <c>allow</c> or <c>disallow</c> list of vehicle classes (every class when it has
    /// neither); an unknown class, or both lists on one lane, is refused naming the attribute.
    /// </summary>
    public static uint Permissions(XmlElementReader xml)
    {
        var allow = xml.Optional("allow");
        var disallow = xml.Optional("disallow");
        if (allow is not null && disallow is not null) throw xml.Error("disallow", "is given with allow; a lane names one or the other");
        if ((allow ?? disallow) is not { } list) return VehicleClasses.All;
        var attribute = allow is not null ? "allow" : "disallow";
        if (VehicleClasses.Parse(list, out var unknown) is not { } mask)
            throw xml.Error(attribute, $"names '{TrafficImportException.Quote(unknown!)}', which is not a SUMO vehicle class ({string.Join(", ", VehicleClasses.Names)}, all)");
        return allow is not null ? mask : VehicleClasses.All & ~mask;
    }

    /// <summary>A vType's vClass as its bit (<see cref="VehicleClasses.Ignoring"/> for ignoring), or an error naming it.</summary>
    public static uint VehicleClass(XmlElementReader xml, uint otherwise) =>
        xml.Optional("vClass") is not { } name ? otherwise
        : VehicleClasses.Bit(name) ?? throw xml.Error("vClass", $"'{TrafficImportException.Quote(name)}' is not a SUMO vehicle class (ignoring, {string.Join(", ", VehicleClasses.Names)})");

    /// <summary>
    /// A link has right of way when its state is 'M' (major), or 'O' (a signalised link that is major while its
    /// signal is off): the model's Major is exactly "priority when not signalised".
    /// </summary>
    public static bool IsMajor(string state) => state is "M" or "O";
}
