namespace CityMesh.Simulation.Health;

/// <summary>
/// The M/M/c queue's closed forms (Erlang C): Poisson arrivals at rate λ, c servers each serving at rate μ
/// (exponential), first come first served. The patient-flow simulation is checked against them.
/// </summary>
public static class ErlangC
{
    /// <summary>The chance an arrival has to wait: C(c, a) with offered load a = λ/μ, for a &lt; c.</summary>
    public static double WaitingProbability(int servers, double arrivalRate, double serviceRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(servers, 1);
        double a = arrivalRate / serviceRate;
        if (!(a < servers)) throw new ArgumentException($"the load λ/μ = {a:0.###} must be below the {servers} servers, or the queue grows without end");
        // Σ_{k<c} a^k/k! and a^c/c! computed as running terms, stable for large c.
        double term = 1, sum = 0;
        for (int k = 0; k < servers; k++)
        {
            sum += term;
            term *= a / (k + 1);
        }
        double last = term * servers / (servers - a);
        return last / (sum + last);
    }

    /// <summary>Mean wait before service: C(c, a) / (cμ − λ).</summary>
    public static double MeanWait(int servers, double arrivalRate, double serviceRate) =>
        WaitingProbability(servers, arrivalRate, serviceRate) / (servers * serviceRate - arrivalRate);
}
