namespace CityMesh.Contracts.Twin;

/// <summary>
/// The entity types CityMesh knows, with their CAICT category. Names follow the FIWARE Smart Data Models where one
/// exists, so FIWARE tools recognise them. Unknown types are allowed and fall into <see cref="EntityCategory.Other"/>
/// unless the writer states a category.
/// </summary>
public static class EntityTypes
{
    public const string RoadSegment = "RoadSegment";
    public const string Intersection = "Intersection";
    public const string TrafficSignal = "TrafficSignal";
    public const string TrafficFlowObserved = "TrafficFlowObserved";
    public const string Hospital = "Hospital";

    /// <summary>A hospital's ward of one bed type (FHIR Location, physicalType <c>wa</c>); the Smart Data Models have none.</summary>
    public const string HospitalWard = "HospitalWard";

    /// <summary>Where ambulances wait between calls (FHIR Location, physicalType <c>bu</c>/<c>ro</c>).</summary>
    public const string AmbulanceStation = "AmbulanceStation";

    /// <summary>A call to the emergency medical service: where, how urgent, and who was sent.</summary>
    public const string EmergencyCall = "EmergencyCall";

    /// <summary>
    /// Something going wrong in the city that people respond to (a flood, a burst main, bad air): its kind, severity,
    /// status, the entities it affects and its timeline; every proposal made about it names it. Safety keeps them.
    /// </summary>
    public const string Incident = "Incident";
    public const string Building = "Building";
    public const string Substation = "Substation";
    public const string PVSystem = "PVSystem";
    public const string WaterMain = "WaterMain";

    // The distribution grid, by the CIM's names (IEC 61970/61968, as FIWARE's EnergyCIM models adapt them): buses joined
    // by lines, transformers and switches whose startsAt/endsAt relationships give the topology; each element names its
    // Substation and, along a feeder, its Feeder.
    /// <summary>A node of the grid where equipment connects (a substation's busbar, a secondary substation): <c>nominalVoltage</c>, its metered <c>load</c>.</summary>
    public const string BusbarSection = "BusbarSection";

    /// <summary>A cable or overhead line between two buses: <c>length</c>, <c>resistance</c> and <c>reactance</c> (ohm), <c>ratedPower</c>.</summary>
    public const string ACLineSegment = "ACLineSegment";

    /// <summary>A transformer between two buses of different voltage: <c>ratedPower</c>, its impedance in per unit of its own rating.</summary>
    public const string PowerTransformer = "PowerTransformer";

    /// <summary>A switch between two buses (a normally-open point between feeders): <c>normalOpen</c>, <c>open</c>.</summary>
    public const string Switch = "Switch";

    /// <summary>A medium-voltage feeder leaving a substation: its head bus and rating; the lines along it name it.</summary>
    public const string Feeder = "Feeder";

    /// <summary>A charging station for electric vehicles (FIWARE's EVChargingStation): its <c>ratedPower</c> and live <c>power</c>.</summary>
    public const string EVChargingStation = "EVChargingStation";

    // A water network's hydraulic model, by FIWARE's Water Distribution Management (EPANET) data models: nodes joined by
    // links whose startsAt/endsAt relationships give the topology; every element points to its WaterNetwork.
    /// <summary>A node of a water network where pipes meet and water is drawn: <c>elevation</c>, <c>baseDemand</c>, its pattern.</summary>
    public const string Junction = "Junction";

    /// <summary>A fixed-head source of a water network (a lake, a treatment works' clearwell): <c>reservoirHead</c>.</summary>
    public const string Reservoir = "Reservoir";

    /// <summary>A storage tank of a water network: <c>elevation</c>, levels, <c>nominalDiameter</c>.</summary>
    public const string Tank = "Tank";

    /// <summary>A pipe of a water network between two nodes (<c>startsAt</c>, <c>endsAt</c>): length, diameter, roughness.</summary>
    public const string Pipe = "Pipe";

    /// <summary>A pump of a water network between two nodes: its head curve or power.</summary>
    public const string Pump = "Pump";

    /// <summary>A control valve of a water network between two nodes: its type and setting.</summary>
    public const string Valve = "Valve";

    /// <summary>A water network as a whole: its options, times and patterns.</summary>
    public const string WaterNetwork = "WaterNetwork";
    public const string AirQualityObserved = "AirQualityObserved";

    /// <summary>
    /// A field device (FIWARE's Device): here a water utility's meter, its <c>controlledProperty</c> the one it measures
    /// (a logger's <c>pressure</c>, an area meter's <c>flow</c>, a tank's <c>level</c>, a pump's <c>running</c>).
    /// </summary>
    public const string Device = "Device";
    public const string FloodGauge = "FloodGauge";

    /// <summary>A weather station; the city's rain gauges report <c>precipitation</c> as an intensity, mm/h.</summary>
    public const string WeatherObserved = "WeatherObserved";

    /// <summary>A demountable flood barrier along a line: its crest <c>height</c> above the ground and its <c>status</c>, deployed or stowed.</summary>
    public const string FloodBarrier = "FloodBarrier";

    /// <summary>A stormwater pumping station at a drain: its <c>capacity</c>, m³/s, and its <c>status</c>, running or standby.</summary>
    public const string DrainagePump = "DrainagePump";
    public const string Shelter = "Shelter";
    public const string Vehicle = "Vehicle";
    public const string Park = "Park";
    public const string River = "River";
    public const string District = "District";
    public const string Organization = "Organization";
    public const string Person = "Person";

    private static readonly Dictionary<string, EntityCategory> Categories = new(StringComparer.Ordinal)
    {
        [RoadSegment] = EntityCategory.BuildingOrStructure,
        [Intersection] = EntityCategory.BuildingOrStructure,
        [TrafficSignal] = EntityCategory.GoodsAndEquipment,
        [TrafficFlowObserved] = EntityCategory.GoodsAndEquipment,
        [Hospital] = EntityCategory.BuildingOrStructure,
        [HospitalWard] = EntityCategory.BuildingOrStructure,
        [AmbulanceStation] = EntityCategory.BuildingOrStructure,
        [EmergencyCall] = EntityCategory.ManagementEntity,
        [Incident] = EntityCategory.ManagementEntity,
        [Building] = EntityCategory.BuildingOrStructure,
        [Substation] = EntityCategory.GoodsAndEquipment,
        [PVSystem] = EntityCategory.GoodsAndEquipment,
        [WaterMain] = EntityCategory.BuildingOrStructure,
        [BusbarSection] = EntityCategory.GoodsAndEquipment,
        [ACLineSegment] = EntityCategory.BuildingOrStructure,
        [PowerTransformer] = EntityCategory.GoodsAndEquipment,
        [Switch] = EntityCategory.GoodsAndEquipment,
        [Feeder] = EntityCategory.BuildingOrStructure,
        [EVChargingStation] = EntityCategory.GoodsAndEquipment,
        [Junction] = EntityCategory.BuildingOrStructure,
        [Reservoir] = EntityCategory.BuildingOrStructure,
        [Tank] = EntityCategory.BuildingOrStructure,
        [Pipe] = EntityCategory.BuildingOrStructure,
        [Pump] = EntityCategory.GoodsAndEquipment,
        [Valve] = EntityCategory.GoodsAndEquipment,
        [WaterNetwork] = EntityCategory.BuildingOrStructure,
        [AirQualityObserved] = EntityCategory.GoodsAndEquipment,
        [Device] = EntityCategory.GoodsAndEquipment,
        [FloodGauge] = EntityCategory.GoodsAndEquipment,
        [WeatherObserved] = EntityCategory.GoodsAndEquipment,
        [FloodBarrier] = EntityCategory.BuildingOrStructure,
        [DrainagePump] = EntityCategory.GoodsAndEquipment,
        [Shelter] = EntityCategory.BuildingOrStructure,
        [Vehicle] = EntityCategory.MeansOfTransportation,
        [Park] = EntityCategory.NaturalEntity,
        [River] = EntityCategory.NaturalEntity,
        [District] = EntityCategory.ManagementEntity,
        [Organization] = EntityCategory.LegalPerson,
        [Person] = EntityCategory.NaturalPerson,
    };

    public static IReadOnlyDictionary<string, EntityCategory> Known => Categories;

    public static EntityCategory CategoryOf(string type) =>
        Categories.TryGetValue(type, out var category) ? category : EntityCategory.Other;

    /// <summary>NGSI-LD type names are short names or URIs; CityMesh accepts letters, digits and <c>_-.:/#</c>.</summary>
    public static bool IsValidName(string? type) =>
        !string.IsNullOrEmpty(type) && type.Length <= 256 && char.IsLetter(type[0])
        && type.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '/' or '#');
}
