namespace CityMesh.Twin.Storage;

/// <summary>An entity that breaks the model's rules; <see cref="Field"/> names the offending field.</summary>
public sealed class InvalidEntityException(string field, string reason) : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;
    public string Reason { get; } = reason;
}
