using System.ComponentModel;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Model;

/// <summary>
/// Simulations coupled over one horizon, the flood's: the flood runs once over the city's twin, and each part asked
/// for meets it at its times. The ambulances' reach loses the roads the water cuts (each from when it passes the
/// closure depth) and the stations it floods; the evacuation walks and drives with those closures and without the
/// flooded shelters; the grid loses the substations and secondary substations it floods. Every part is also run
/// without the flood, so each KPI is read with and without it in one report.
/// </summary>
[AtLeastOneOf("ambulance", "evacuation", "energy")]
[CelRule("has(self.flood.twin)", "flood.twin is required: a compound couples the parts through the city's twin")]
[CelRule("!has(self.evacuation) || !has(self.evacuation.flood)", "evacuation.flood is not allowed: the compound's flood is the evacuation's")]
[CelRule("!has(self.evacuation) || has(self.evacuation.twin)", "evacuation.twin is required: the evacuation runs in the flood's city")]
[CelRule("!has(self.evacuation) || (has(self.evacuation.hours) ? self.evacuation.hours : 3.0) == (has(self.flood.hours) ? self.flood.hours : 6.0)", "evacuation.hours must equal flood.hours: one horizon")]
[CelRule("!has(self.energy) || (has(self.energy.grid) && has(self.energy.grid.twin))", "energy.grid.twin is required: flooded substations are the twin's")]
[CelRule("!has(self.energy) || (double(has(self.energy.hours) ? self.energy.hours : 24) >= (has(self.flood.hours) ? self.flood.hours : 6.0) && double(has(self.energy.hours) ? self.energy.hours : 24) < (has(self.flood.hours) ? self.flood.hours : 6.0) + 1.0)", "energy.hours must be flood.hours rounded up: one horizon")]
public sealed record CompoundSpec
{
    [Required, Description("The hazard every part meets: the flood kind's fields, over the city's twin (flood.twin required). Its hours are the compound's horizon; it starts at the start of every part.")]
    public FloodSpec? Flood { get; init; }

    [Description("The share of the city's residents an ambulance reaches in time from the twin's ambulance stations over its road network, with and without the flood's closures.")]
    public AmbulanceReachSpec? Ambulance { get; init; }

    [Description("An evacuation (the evacuation kind's fields, without its own flood; twin required, hours equal to flood.hours): the flood's road closures at their times, its flooded shelters left out; zone.flood moves the buildings it reaches.")]
    public EvacuationSpec? Evacuation { get; init; }

    [Description("The grid over the horizon (the energy kind's fields; grid.twin required, hours the flood's rounded up, starting with the flood): each substation the flood reaches is out from when the water reaches it, with everything it feeds unless a normally-open point can take it; a flooded secondary substation is out on its own.")]
    public EnergySpec? Energy { get; init; }

    /// <summary>Ambulances and cars drive the twin's road network, which is then read with the city.</summary>
    public bool NeedsRoadNetwork() => Ambulance is not null || Evacuation is { Cars.Share: > 0 };
}

/// <summary>
/// How far ambulances get in time: from each twin ambulance station, over the twin's road network at its speed limits
/// times <see cref="SpeedFactor"/>, to the road in front of each residential building (residents by floor area).
/// </summary>
public sealed record AmbulanceReachSpec
{
    [Minimum(1), Maximum(60), Description("The response standard: a resident is reached when an ambulance can be at their road within this many minutes of leaving its station; within [1, 60]. Default 8 (the usual target for life-threatening calls).")]
    public double Minutes { get; init; } = 8;

    [Minimum(0.5), Maximum(3), Description("Emergency driving speed as a multiple of each road's speed limit (lights and sirens, signals pre-empted); within [0.5, 3]. Default 1.")]
    public double SpeedFactor { get; init; } = 1;

    [Minimum(1), Maximum(240), Description("Minutes between the reach's readings over the horizon, each with the roads cut by then; within [1, 240]. Default 15.")]
    public double StepMinutes { get; init; } = 15;

    [Minimum(5), Maximum(500), Description("Residential floor area per resident, m²; within [5, 500]. Default 35.")]
    public double FloorAreaPerResident { get; init; } = 35;
}
