using CityMesh.Contracts.Health;
using CityMesh.Health.Twin;
using CityMesh.Simulation.Health;

namespace CityMesh.Health.Surge;

/// <summary>One surge size as simulated: admitted patients' wait for a bed of the type, and how busy the beds were.</summary>
public sealed record SurgeCandidate(int SurgeBeds, double MeanBoardingMinutes, double P95BoardingMinutes, double BoardedShare, double Utilisation);

/// <summary>
/// The question a surge proposal answers, and its simulated answer: the load projected along the trend, the inflow that
/// keeps it there, each candidate's figures (the first is no surge), and the size chosen (null: none needed, or none
/// of the candidates meets the target and the largest is the best that can be said).
/// </summary>
public sealed record SurgePlan(string BedType, int Beds, int Occupied, double ProjectedLoad, double AdmissionsPerDay, double StayDays,
    IReadOnlyList<SurgeCandidate> Candidates, SurgeCandidate? Chosen, bool MeetsTarget);

/// <summary>
/// Sizes a surge with the patient-flow model (<see cref="PatientFlowSimulation"/>): the alerted bed type as an M/M/c
/// queue of its staffed beds, started as full as it is now, fed at the rate that holds the load the trend projects
/// (Little's law: admissions per day = load / mean stay), run for <see cref="SurgeOptions.SimulationDays"/> with 0,
/// 1, 2, 4 and 8 steps of surge beds on the same random numbers, so the candidates differ only in their beds.
/// </summary>
public static class SurgePlanner
{
    public static SurgePlan Plan(HospitalState hospital, string bedType, double? trendPerHour, SurgeOptions options, ulong seed, CancellationToken ct = default)
    {
        var beds = hospital.BedsOf(bedType);
        if (beds.Capacity < 1) throw new ArgumentException($"{hospital.Id} has no staffed {bedType} beds", nameof(bedType));
        bool icu = bedType == BedTypes.Icu;
        double stay = icu ? options.IcuDays : options.WardDays;
        int occupied = Math.Min(beds.Occupied, beds.Capacity);
        double projected = Math.Max(beds.Occupied, beds.Occupied + (trendPerHour ?? 0) * beds.Capacity * options.Horizon.TotalHours);
        double perDay = projected / stay;
        int step = Math.Max(5, (int)Math.Ceiling(beds.Capacity * options.StepShare / 5) * 5);
        var candidates = new List<SurgeCandidate>();
        foreach (int surge in new[] { 0, step, 2 * step, 4 * step, 8 * step })
        {
            ct.ThrowIfCancellationRequested();
            // Every patient of the model needs this bed type: the emergency department's own queue is not the question.
            var flow = new PatientFlow
            {
                ArrivalsPerHour = Math.Max(perDay / 24, 1e-3), TriageNurses = 1000, TriageMinutes = 1e-3, EdBeds = 100_000, EdMinutes = 1e-3,
                WardShare = icu ? 0 : 1, IcuShare = icu ? 1 : 0,
                WardBeds = icu ? 1 : beds.Capacity + surge, WardDays = options.WardDays, WardOccupiedAtStart = icu ? 0 : occupied,
                IcuBeds = icu ? beds.Capacity + surge : 1, IcuDays = options.IcuDays, IcuOccupiedAtStart = icu ? occupied : 0,
            };
            var stage = new PatientFlowSimulation(flow, seed).Run(options.SimulationDays, 0, ct).Stages.Single(s => s.Stage == (icu ? "intensive care" : "ward"));
            candidates.Add(new SurgeCandidate(surge, Math.Round(stage.MeanWaitMinutes, 1), Math.Round(stage.P95WaitMinutes, 1),
                Math.Round(stage.WaitedShare, 4), Math.Round(stage.Utilisation, 4)));
            if (surge > 0 && stage.MeanWaitMinutes <= options.TargetBoardingMinutes) break;
        }
        bool needed = candidates[0].MeanBoardingMinutes > options.TargetBoardingMinutes;
        var meeting = candidates.Skip(1).FirstOrDefault(c => c.MeanBoardingMinutes <= options.TargetBoardingMinutes);
        var chosen = !needed ? null : meeting ?? candidates[^1];
        return new SurgePlan(bedType, beds.Capacity, beds.Occupied, Math.Round(projected, 1), Math.Round(perDay, 2), stay, candidates, chosen, meeting is not null);
    }
}
