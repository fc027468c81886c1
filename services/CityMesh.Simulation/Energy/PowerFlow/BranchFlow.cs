namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// What one branch carries: the power entering it at each end (MW, MVAr; negative where power leaves), its losses
/// (the two ends' sum: kW and kvar, the units feeders' losses are quoted in; the kvar include what the line charging
/// gives back) and its loading against its rating.
/// </summary>
/// <param name="Index">The branch's row in the case (0-based).</param>
/// <param name="LoadingPercent">The larger end's |S| over rateA, percent; null when the case gives no rating or the branch is open.</param>
public sealed record BranchFlow(
    int Index, int From, int To, bool InService,
    double PFromMw, double QFromMvar, double PToMw, double QToMvar,
    double LossKw, double LossKvar, double? LoadingPercent);
