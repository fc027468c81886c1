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
        EntityTypes.FloodGauge, EntityTypes.Device, "DeviceMeasurement",
    };

    /// <summary>
    /// Per type, the attributes governance owns: signal plans, lane and road closures (a road's <c>status</c>, closed for
    /// a flood by safety's approved proposal), evacuation orders. Domains add theirs here as they gain governed actions
    /// (dispatch, switching, setpoints).
    /// </summary>
    private static readonly Dictionary<string, HashSet<string>> Governed = new(StringComparer.Ordinal)
    {
        [EntityTypes.TrafficSignal] = ["phases", "cycleLength", "controlMode"],
        // A road's closure names the incident it was closed for, so whoever routes round it can say why.
        [EntityTypes.RoadSegment] = ["closedLanes", "status", "statusDescription", "refIncident"],
        // Ordering a building's people out, and to which shelter: safety's evacuation decisions.
        [EntityTypes.Building] = ["evacuationStatus", "refShelter"],
        // Deploying a flood barrier and starting a drainage pump: safety's flood-defence decisions.
        [EntityTypes.FloodBarrier] = ["status"],
        [EntityTypes.DrainagePump] = ["status"],
        // Which call an ambulance answers, where it takes the patient and by which roads: dispatch and reroute decisions.
        [EntityTypes.Vehicle] = ["refEmergencyCall", "refHospital", "sceneRoute", "hospitalRoute"],
        // Turning ambulances away and opening surge beds: diversion and surge decisions.
        [EntityTypes.Hospital] = ["diversionStatus", "divertTo", "divertUntil", "surgeBeds"],
        // Shutting a water main's valves to isolate a leak (its pipe's and valves' status, closed): safety's isolation decisions.
        [EntityTypes.Pipe] = ["status"],
        [EntityTypes.Valve] = ["status"],
        // Relieving the grid, energy's decisions: closing a normally-open point and opening a line's switch (a load
        // transfer), deferring chargers, curtailing PV export, shedding a secondary substation, taking a flooded
        // substation's transformers out of service.
        [EntityTypes.Switch] = ["open"],
        [EntityTypes.ACLineSegment] = ["inService"],
        [EntityTypes.PowerTransformer] = ["inService"],
        [EntityTypes.EVChargingStation] = ["chargingMode"],
        [EntityTypes.PVSystem] = ["exportLimit"],
        [EntityTypes.BusbarSection] = ["supplyStatus"],
    };

    /// <summary>
    /// Values that only governance sets of an attribute the object itself otherwise reports. An ambulance's crew
    /// terminal reports where the crew is in its call cycle (atScene, transporting, atHospital, available,
    /// outOfService): that is the vehicle's own data. Sending it to a call (dispatched) is a dispatch decision, written
    /// with the call and hospital it goes to (governed relationships) when an approved action executes.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, HashSet<string>>> GovernedValues = new(StringComparer.Ordinal)
    {
        [EntityTypes.Vehicle] = new(StringComparer.Ordinal) { ["emergencyStatus"] = [CityMesh.Contracts.Health.AmbulanceStatus.Dispatched] },
    };

    /// <summary>Whether <paramref name="value"/> of <paramref name="attribute"/> of <paramref name="type"/> is set only through governance.</summary>
    public static bool IsGovernedValue(string type, string attribute, string? value) =>
        value is not null && GovernedValues.TryGetValue(type, out var attributes) && attributes.TryGetValue(attribute, out var values) && values.Contains(value);

    /// <summary>The attributes of <paramref name="type"/> with values only governance sets.</summary>
    public static IEnumerable<string> WithGovernedValues(string type) =>
        GovernedValues.TryGetValue(type, out var attributes) ? attributes.Keys : [];

    /// <summary>The values of <paramref name="attribute"/> of <paramref name="type"/> only governance sets, for messages.</summary>
    public static IReadOnlyCollection<string> GovernedValuesOf(string type, string attribute) =>
        GovernedValues.TryGetValue(type, out var attributes) && attributes.TryGetValue(attribute, out var values) ? values : [];

    /// <summary>Whether <paramref name="type"/> holds sensor data, which data providers may write.</summary>
    public static bool IsObservation(string type) =>
        type.EndsWith("Observed", StringComparison.Ordinal) || ObservationTypes.Contains(type);

    /// <summary>Whether <paramref name="attribute"/> of <paramref name="type"/> changes only through governance.</summary>
    public static bool IsGoverned(string type, string attribute) =>
        Governed.TryGetValue(type, out var names) && names.Contains(attribute);

    /// <summary>
    /// Records a service keeps as their system of record, by type: it creates, updates and deletes them and no other
    /// service does. Emergency calls are the dispatch's log (who called, from where, who was sent), as a traffic
    /// detector's readings are the detector's; the city objects they touch (ambulances, hospitals) change only
    /// through governed actions and their own telemetry.
    /// </summary>
    private static readonly Dictionary<string, string> ServiceOwned = new(StringComparer.Ordinal)
    {
        [EntityTypes.EmergencyCall] = CityMesh.Access.ServiceIdentity.Health,
        // Incidents are safety's register: opened from its detections or by an operator through its API.
        [EntityTypes.Incident] = CityMesh.Access.ServiceIdentity.Safety,
    };

    /// <summary>
    /// Attributes a service computes on city objects it does not keep, by type: a model's state, neither an observation
    /// nor a decision. Safety's live hydraulics write the water network's pressures, heads, flows, velocities and tank
    /// levels; nobody else does, and safety writes nothing else of those entities.
    /// </summary>
    private static readonly Dictionary<string, (string Service, HashSet<string> Attributes)> Computed = new(StringComparer.Ordinal)
    {
        [EntityTypes.Junction] = (SafetyService, ["pressure", "head"]),
        [EntityTypes.Tank] = (SafetyService, ["level"]),
        [EntityTypes.Pipe] = (SafetyService, ["flow", "velocity"]),
        [EntityTypes.Pump] = (SafetyService, ["flow"]),
        [EntityTypes.Valve] = (SafetyService, ["flow", "velocity"]),
        // The grid's live power flow, and the roofs' solar potential: energy's.
        [EntityTypes.BusbarSection] = (EnergyService, ["voltage", "energised"]),
        [EntityTypes.ACLineSegment] = (EnergyService, ["activePower", "loading"]),
        [EntityTypes.PowerTransformer] = (EnergyService, ["activePower", "loading"]),
        [EntityTypes.Feeder] = (EnergyService, ["load", "loading", "lowestVoltage"]),
        [EntityTypes.Building] = (EnergyService, ["solarIrradiation", "solarClass", "pvCapacityPotential", "pvPotential"]),
    };

    private const string SafetyService = CityMesh.Access.ServiceIdentity.Safety;
    private const string EnergyService = CityMesh.Access.ServiceIdentity.Energy;

    /// <summary>Whether <paramref name="service"/> computes every one of <paramref name="attributes"/> of <paramref name="type"/>.</summary>
    public static bool ComputesAll(string service, string type, IEnumerable<string> attributes) =>
        Computed.TryGetValue(type, out var computed) && computed.Service == service && attributes.All(computed.Attributes.Contains);

    /// <summary>The service that keeps entities of <paramref name="type"/>, if a service does.</summary>
    public static string? OwnerOf(string type) => ServiceOwned.GetValueOrDefault(type);

    /// <summary>Whether <paramref name="service"/> keeps entities of some type, or computes attributes of some.</summary>
    public static bool OwnsAny(string service) => ServiceOwned.ContainsValue(service) || Computed.Values.Any(c => c.Service == service);

    /// <summary>Whether any attribute of <paramref name="type"/> is governed.</summary>
    public static bool HasGoverned(string type) => Governed.ContainsKey(type);

    /// <summary>The governed attributes of <paramref name="type"/>, for messages.</summary>
    public static IReadOnlyCollection<string> GovernedOf(string type) =>
        Governed.TryGetValue(type, out var names) ? names : [];
}
