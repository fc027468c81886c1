namespace CityMesh.Contracts.Safety;

/// <summary>
/// What a flood forecast means for the city's assets, published by safety on <c>safety.events</c> beside each forecast
/// for the domains that act on it (energy takes flooded substations and kiosks out of service and picks up their load;
/// health diverts flooded hospitals; transport and health route round the roads cut): the cross-domain chain's typed
/// link, so no domain reads another's forecast files or calls it.
/// </summary>
/// <param name="Forecast">The forecast's id (<c>GET /safety/forecasts/{id}</c>).</param>
/// <param name="Incident">The flood's incident: every proposal made in response names it, so its decisions go on the incident's timeline.</param>
/// <param name="At">When the forecast ran (the city's clock).</param>
/// <param name="Sites">Hospitals, shelters, substations and secondary substations (BusbarSections on a feeder) the forecast floods.</param>
/// <param name="Roads">Roads the forecast cuts.</param>
public sealed record FloodImpact(string Forecast, string? Incident, DateTimeOffset At, IReadOnlyList<FloodedAsset> Sites, IReadOnlyList<FloodedAsset> Roads)
{
    public const string Type = "io.citymesh.safety.flood-impact";
}

/// <summary>An entity the flood reaches: its twin type, the deepest water forecast at it, and when it floods (null: not known).</summary>
public sealed record FloodedAsset(string Entity, string EntityType, double MaxDepthMetres, DateTimeOffset? FloodsAt);
