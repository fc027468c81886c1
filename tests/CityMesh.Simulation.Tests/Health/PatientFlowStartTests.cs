using CityMesh.Simulation.Health;

namespace CityMesh.Simulation.Tests.Health;

/// <summary>A hospital started as it is now: beds held at time 0 empty as their exponential stays end.</summary>
public sealed class PatientFlowStartTests
{
    [Fact]
    public void Beds_held_at_the_start_empty_as_exponential_stays_end()
    {
        // 1,000 ward beds all held, hardly any arrivals: over one day the mean share held is (W/T)(1 − e^(−T/W)) with
        // W = 4.5 days and T = 1 day, 0.8947; 1,000 patients give a standard error of about 0.005, the tolerance 0.02.
        var flow = new PatientFlow { ArrivalsPerHour = 1e-6, WardBeds = 1000, WardDays = 4.5, WardOccupiedAtStart = 1000, IcuBeds = 10, IcuOccupiedAtStart = 10, IcuDays = 5 };
        var result = new PatientFlowSimulation(flow, seed: 4).Run(days: 1);
        var ward = result.Stages.Single(s => s.Stage == "ward");
        Assert.Equal(4.5 * (1 - Math.Exp(-1 / 4.5)), ward.Utilisation, 0.02);
        // Those already in bed waited before the run: they are not counted as served.
        Assert.Equal(0, ward.Served);
    }

    [Fact]
    public void More_patients_in_bed_than_beds_is_refused_naming_the_setting()
    {
        var message = Assert.Throws<ArgumentException>(() => new PatientFlowSimulation(new PatientFlow { WardBeds = 10, WardOccupiedAtStart = 11 }, 1)).Message;
        Assert.Contains("wardOccupiedAtStart must be within [0, wardBeds = 10], not 11", message);
    }
}
