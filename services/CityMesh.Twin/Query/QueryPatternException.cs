namespace CityMesh.Twin.Query;

/// <summary>
/// A query's regular expression that a store cannot run: it spent the request's regex time, or the store's engine
/// refuses it. <see cref="Parameter"/> names the request parameter it came from (idPattern or q).
/// </summary>
public sealed class QueryPatternException(string parameter, string reason) : Exception($"{parameter}: {reason}")
{
    public string Parameter { get; } = parameter;
    public string Reason { get; } = reason;
}
