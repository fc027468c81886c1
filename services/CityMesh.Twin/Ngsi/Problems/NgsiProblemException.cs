namespace CityMesh.Twin.Ngsi.Problems;

/// <summary>Ends a request with an NGSI-LD problem; <see cref="NgsiErrorFilter"/> writes it.</summary>
public sealed class NgsiProblemException(NgsiProblem problem) : Exception(problem.Detail)
{
    public NgsiProblem Problem { get; } = problem;
}
