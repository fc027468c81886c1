using CityMesh.Simulation.Health;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Health;

/// <summary>The hospital's discrete-event model against queueing theory, and as a what-if tool.</summary>
public sealed class PatientFlowTests(ITestOutputHelper output)
{
    [Fact]
    public void Erlang_C_is_checked_against_its_textbook_case()
    {
        // c = 3, a = λ/μ = 2.5: Σ a^k/k! over k < 3 is 6.625, a³/3! · c/(c − a) is 15.625, C = 15.625 / 22.25.
        Assert.Equal(15.625 / 22.25, ErlangC.WaitingProbability(3, 0.25, 0.1), 12);
        Assert.Equal(15.625 / 22.25 / 0.05, ErlangC.MeanWait(3, 0.25, 0.1), 9);
        Assert.Equal(0.5, ErlangC.WaitingProbability(1, 0.5, 1), 12); // M/M/1: the load itself
        Assert.Throws<ArgumentException>(() => ErlangC.WaitingProbability(2, 3, 1));
    }

    [Fact]
    public void Triage_as_an_M_M_c_queue_matches_Erlang_Cs_waiting_probability_and_mean_wait_within_2_percent()
    {
        // Three triage nurses, 10 minutes each, 15 arrivals an hour: load 2.5 of 3. Everything after triage is
        // fast and roomy, so triage is the M/M/c queue alone.
        var flow = new PatientFlow
        {
            ArrivalsPerHour = 15, TriageNurses = 3, TriageMinutes = 10, EdBeds = 500, EdMinutes = 1, WardShare = 0, IcuShare = 0,
        };
        var result = new PatientFlowSimulation(flow, seed: 3).Run(days: 6000, warmUpDays: 20);
        var triage = result.Stages[0];
        double lambda = 15 / 60.0, mu = 1 / 10.0;
        double c = ErlangC.WaitingProbability(3, lambda, mu), wait = ErlangC.MeanWait(3, lambda, mu);
        output.WriteLine($"{triage.Served:N0} triaged: waited {triage.WaitedShare:0.0000} (Erlang C {c:0.0000}), mean wait {triage.MeanWaitMinutes:0.000} min " +
                         $"({wait:0.000}), utilisation {triage.Utilisation:0.0000} ({lambda / (3 * mu):0.0000})");
        Assert.InRange(triage.WaitedShare, c * 0.98, c * 1.02);
        Assert.InRange(triage.MeanWaitMinutes, wait * 0.98, wait * 1.02);
        Assert.InRange(triage.Utilisation, lambda / (3 * mu) * 0.99, lambda / (3 * mu) * 1.01);
    }

    [Fact]
    public void Surge_ward_beds_shorten_boarding_in_the_emergency_department()
    {
        // 10 arrivals an hour, a quarter admitted for 4.5 days: 270 ward beds busy on average, 280 beds: boarding.
        var tight = new PatientFlow { ArrivalsPerHour = 10, EdBeds = 60, WardBeds = 280, IcuBeds = 40 };
        var surge = tight with { WardBeds = 300 };
        var before = new PatientFlowSimulation(tight, seed: 5).Run(days: 400, warmUpDays: 40);
        var after = new PatientFlowSimulation(surge, seed: 5).Run(days: 400, warmUpDays: 40);
        output.WriteLine($"ED stay {before.MeanEdLengthOfStayMinutes:0} → {after.MeanEdLengthOfStayMinutes:0} min; " +
                         $"ward wait {before.Stages[2].MeanWaitMinutes:0} → {after.Stages[2].MeanWaitMinutes:0} min, occupancy {before.Stages[2].Utilisation:P1} → {after.Stages[2].Utilisation:P1}");
        Assert.True(after.Stages[2].MeanWaitMinutes < before.Stages[2].MeanWaitMinutes * 0.7);
        Assert.True(after.MeanEdLengthOfStayMinutes < before.MeanEdLengthOfStayMinutes);
        Assert.InRange(before.Stages[2].Utilisation, 0.9, 1.0);
    }

    [Fact]
    public void A_bad_hospital_is_refused_naming_each_field()
    {
        var error = Assert.Throws<ArgumentException>(() => new PatientFlowSimulation(
            new PatientFlow { ArrivalsPerHour = 0, EdBeds = 0, WardShare = 0.8, IcuShare = 0.3, IcuDays = double.NaN }, 1));
        foreach (var name in new[] { "arrivalsPerHour", "edBeds", "wardShare", "icuDays" })
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
