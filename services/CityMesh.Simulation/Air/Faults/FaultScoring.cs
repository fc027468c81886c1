using CityMesh.Simulation.Synthetic.Telemetry;

namespace CityMesh.Simulation.Air.Faults;

/// <summary>How well faults of one kind matched the labels of that kind; null where there was nothing to divide by.</summary>
public sealed record FaultKindScore(string Kind, int Labels, int Detected, int Faults, int Correct, double? Precision, double? Recall, double? F1);

/// <summary>
/// Event scoring of found faults against the synthetic generator's labels, kind by kind (stricter than
/// <see cref="Synthetic.Telemetry.Scoring.AnomalyScorer"/>, whose recall credits an alert of any kind):
/// <list type="bullet">
/// <item>a fault matches a label of the same station, pollutant and kind when [fault start, fault end] meets
/// [label start, label end + tolerance] (the tolerance lets a windowed detector confirm a little late);</item>
/// <item>a label is detected when a fault matches it; a fault is correct when it matches a label;</item>
/// <item>precision = correct faults / faults of the kind; recall = detected labels / labels of the kind; F1 their harmonic mean.</item>
/// </list>
/// </summary>
public static class FaultScoring
{
    public static IReadOnlyList<FaultKindScore> Score(IReadOnlyList<AnomalyLabel> labels, IReadOnlyList<SensorFault> faults, TimeSpan tolerance, IEnumerable<string> kinds)
    {
        var result = new List<FaultKindScore>();
        foreach (var kind in kinds)
        {
            var ofKind = labels.Where(l => l.Kind == kind).ToArray();
            var found = faults.Where(f => f.Kind == kind).ToArray();
            bool Match(AnomalyLabel l, SensorFault f) => l.SensorId == f.Station && (l.Quantity is null || l.Quantity == f.Pollutant)
                && f.Start <= l.End + tolerance && f.End >= l.Start;
            var detected = ofKind.Count(l => found.Any(f => Match(l, f)));
            var correct = found.Count(f => ofKind.Any(l => Match(l, f)));
            double? precision = found.Length == 0 ? null : correct / (double)found.Length;
            double? recall = ofKind.Length == 0 ? null : detected / (double)ofKind.Length;
            double? f1 = precision is { } p && recall is { } r ? (p + r > 0 ? 2 * p * r / (p + r) : 0) : null;
            result.Add(new FaultKindScore(kind, ofKind.Length, detected, found.Length, correct, precision, recall, f1));
        }
        return result;
    }
}
