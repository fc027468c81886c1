using CityMesh.Simulation.Epidemic;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Epidemic;

/// <summary>
/// The epidemic engine against the textbook: one well-mixed layer of a million agents. The final size of an
/// epidemic satisfies z = 1 − e^(−R0·z) whatever the infectious period's distribution (Kermack–McKendrick), and in
/// this discrete model exactly so as N grows (a susceptible escapes with e^(−β·dt·Σ I/N), and Σ I counts each case
/// for its K step starts, β·dt·E[K] = R0). The early growth rate of SEIR with exponential latent and infectious
/// periods solves (1 + r/σ)(1 + r/γ) = R0.
/// </summary>
public sealed class EpidemicFidelityTests(ITestOutputHelper output)
{
    private const int Agents = 1_000_000;

    [Theory]
    [InlineData(2.0, 0.7968)]
    [InlineData(2.5, 0.8926)]
    public void The_final_attack_rate_solves_the_SIR_final_size_equation_within_2_percent(double r0, double finalSize)
    {
        var options = new EpidemicOptions { LatentDays = 0, InfectiousDays = 5, Days = 1000, InitialInfections = 100, Seed = 7, Severity = Severity.None };
        using var sim = new EpidemicSimulation(SyntheticPopulation.WellMixed(Agents, options.BetaForR0(r0)), options);
        var result = sim.Run();
        output.WriteLine($"R0 {r0}: attack rate {result.AttackRate:0.0000} (final size {finalSize}), over by day {sim.Day:0}; " +
                         $"{result.AgentStepsPerSecond / 1e6:0.0}M agent-steps/s on {result.Backend}");
        // The equation's own root, so the constant above is checked too.
        Assert.Equal(finalSize, FinalSize(r0), 4);
        Assert.InRange(result.AttackRate, finalSize * 0.98, finalSize * 1.02);
        Assert.Equal(0, result.Curve[^1].Infectious + result.Curve[^1].Exposed);
    }

    [Fact]
    public void The_early_growth_rate_is_the_linearised_SEIRs_within_5_percent()
    {
        const double r0 = 2.5, latent = 3, infectious = 5;
        var options = new EpidemicOptions { LatentDays = latent, InfectiousDays = infectious, StepDays = 0.1, Days = 80, InitialInfections = 200, Seed = 3, Severity = Severity.None };
        using var sim = new EpidemicSimulation(SyntheticPopulation.WellMixed(Agents, options.BetaForR0(r0)), options);
        var curve = sim.Run().Curve;
        // Daily incidence while between 0.2 % and 3 % of the agents have been infected: past the start's transient,
        // before depletion bends the curve.
        var days = new List<(double Day, double LogIncidence)>();
        int infected = options.InitialInfections, today = 0;
        for (int k = 1; k < curve.Count; k++)
        {
            infected += curve[k].NewInfections;
            today += curve[k].NewInfections;
            if (k % 10 != 0) continue;
            if (infected > 0.002 * Agents && infected < 0.03 * Agents) days.Add((curve[k].Day, Math.Log(today)));
            today = 0;
        }
        double measured = Slope(days);
        double sigma = 1 / latent, gamma = 1 / infectious;
        double expected = (-(sigma + gamma) + Math.Sqrt((sigma - gamma) * (sigma - gamma) + 4 * sigma * gamma * r0)) / 2;
        output.WriteLine($"growth over {days.Count} days: {measured:0.0000}/day, linearised SEIR {expected:0.0000}/day");
        Assert.True(days.Count >= 8, $"the window held {days.Count} days");
        Assert.InRange(measured, expected * 0.95, expected * 1.05);
    }

    private static double FinalSize(double r0)
    {
        double z = 0.9;
        for (int i = 0; i < 200; i++) z = 1 - Math.Exp(-r0 * z);
        return z;
    }

    private static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
        return points.Sum(p => (p.X - mx) * (p.Y - my)) / points.Sum(p => (p.X - mx) * (p.X - mx));
    }
}
