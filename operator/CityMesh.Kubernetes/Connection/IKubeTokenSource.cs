namespace CityMesh.Kubernetes;

/// <summary>Where the bearer token comes from; asked on every request so a rotated token is picked up.</summary>
public interface IKubeTokenSource
{
    /// <summary>The current token, or null to send no Authorization header.</summary>
    string? GetToken();
}

/// <summary>A token that never changes (kubeconfig <c>token</c>).</summary>
public sealed record StaticTokenSource(string Token) : IKubeTokenSource
{
    public string? GetToken() => Token;
}
