namespace CityMesh.Transport.Retiming;

/// <summary>
/// One way to run the signals under study: new fixed-time phase durations for some (by signal entity id), and/or
/// max-pressure control at some. Signals not named keep what the twin says.
/// </summary>
/// <param name="Name"><c>current</c>, <c>webster</c>, <c>webster-short</c>, <c>webster-long</c>, <c>max-pressure</c>.</param>
public sealed record RetimingCandidate(string Name, string Description,
    IReadOnlyDictionary<string, IReadOnlyList<double>> Durations, IReadOnlySet<string> MaxPressure)
{
    public const string Current = "current";
}

/// <summary>How a candidate did in simulation, averaged over the seeds.</summary>
/// <param name="DelaySeconds">Per vehicle departing in the judged window whose route crosses the junction(s) under study: time lost below desired speed plus waiting to enter; a vehicle still on the road at the end counts its whole time so far. What the choice is made on.</param>
/// <param name="NetworkDelaySeconds">The same over every vehicle in the window: a plan must not buy a local gain with the neighbours' delay.</param>
/// <param name="JunctionDelaySeconds">Mean delay per vehicle on the studied junctions' approaches (the simulator's intersection statistic).</param>
/// <param name="DelayChange">Of <see cref="DelaySeconds"/> relative to <c>current</c>: −0.12 is 12 % less delay.</param>
/// <param name="NetworkDelayChange">Of <see cref="NetworkDelaySeconds"/> relative to <c>current</c>.</param>
public sealed record CandidateOutcome(string Name, string Description, double DelaySeconds, double NetworkDelaySeconds, double MeanTravelTimeSeconds,
    double JunctionDelaySeconds, double ArrivedShare, int Vehicles, double DelayChange, double NetworkDelayChange,
    IReadOnlyDictionary<string, IReadOnlyList<double>> Durations, IReadOnlyList<string> MaxPressure);
