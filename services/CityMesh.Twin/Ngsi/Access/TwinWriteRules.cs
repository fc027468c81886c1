using CityMesh.Contracts.Twin;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Ngsi.Access;

/// <summary>
/// What kind of data an entity type holds, for deciding who may write it: observations come from sensors and
/// gateways; everything else is a city object that people look after. And the attributes governance owns: they change
/// only when an approved action executes (<c>service:governance</c>), never by a direct write, whoever asks.
/// </summary>
public static class TwinWriteRules
{
    /// <summary>The governance service, whose executed actions are the only writes of governed attributes.</summary>
    public const string GovernanceService = CityMesh.Access.ServiceIdentity.Governance;

    /// <summary>Types that are sensor data whatever their name (Smart Data Models' observations end in <c>Observed</c>).</summary>
    private static readonly HashSet<string> ObservationTypes = new(StringComparer.Ordinal)
    {
        EntityTypes.FloodGauge, "Device", "DeviceMeasurement",
    };

    /// <summary>
    /// Per type, the attributes governance owns: signal plans and lane closures. A road's operational <c>status</c> stays
    /// an operator's to set until closures are modelled as governed actions. Domains add theirs here as they gain
    /// governed actions (dispatch, switching, setpoints).
    /// </summary>
    private static readonly Dictionary<string, HashSet<string>> Governed = new(StringComparer.Ordinal)
    {
        [EntityTypes.TrafficSignal] = ["phases", "cycleLength", "controlMode"],
        [EntityTypes.RoadSegment] = ["closedLanes"],
    };

    /// <summary>Whether <paramref name="type"/> holds sensor data, which data providers may write.</summary>
    public static bool IsObservation(string type) =>
        type.EndsWith("Observed", StringComparison.Ordinal) || ObservationTypes.Contains(type);

    /// <summary>Whether <paramref name="attribute"/> of <paramref name="type"/> changes only through governance.</summary>
    public static bool IsGoverned(string type, string attribute) =>
        Governed.TryGetValue(type, out var names) && names.Contains(attribute);

    /// <summary>Whether any attribute of <paramref name="type"/> is governed.</summary>
    public static bool HasGoverned(string type) => Governed.ContainsKey(type);

    /// <summary>The governed attributes of <paramref name="type"/>, for messages.</summary>
    public static IReadOnlyCollection<string> GovernedOf(string type) =>
        Governed.TryGetValue(type, out var names) ? names : [];
}
