namespace CityMesh.Operator.Observability;

/// <summary>A probe's answer: 200 with <paramref name="Reason"/> as the body when <paramref name="Ok"/>, else 503.</summary>
public sealed record ProbeResult(bool Ok, string Reason);
