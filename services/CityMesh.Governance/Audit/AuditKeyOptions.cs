namespace CityMesh.Governance.Audit;

/// <summary>One key of the ring under <c>CityMesh:Governance:Audit:Keys:N</c>: an id and the key (base64) or a file holding it.</summary>
public sealed record AuditKeyOptions
{
    public string? Id { get; init; }

    public string? Key { get; init; }

    public string? KeyFile { get; init; }
}
