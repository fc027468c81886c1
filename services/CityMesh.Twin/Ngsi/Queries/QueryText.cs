using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Problems;

namespace CityMesh.Twin.Ngsi.Queries;

/// <summary>
/// Query parameters that reach a store as text (ids, names, idPattern, q) follow the stores' one text rule, so a NUL
/// is refused here, naming the parameter, instead of failing inside PostgreSQL.
/// </summary>
public static class QueryText
{
    /// <exception cref="NgsiProblemException">BadRequestData naming <paramref name="field"/>.</exception>
    public static void Check(string? text, string field)
    {
        if (text is not null && StoredText.Problem(text) is { } problem)
            throw new NgsiProblemException(NgsiProblem.BadRequestData($"{field}: {problem}", field));
    }
}
