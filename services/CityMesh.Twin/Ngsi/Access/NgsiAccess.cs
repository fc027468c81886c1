using System.Security.Claims;
using CityMesh.Access;
using CityMesh.Twin.Ngsi.Problems;
using Microsoft.Extensions.Options;

namespace CityMesh.Twin.Ngsi.Access;

/// <summary>
/// Who may read and write what through the NGSI-LD API. Reads need a caller unless every type asked for is open data
/// (<see cref="AccessOptions.OpenDataTypes"/>). Writes need a role that may write the entity's type: data providers
/// write observations, operators and admins city objects; viewers and scenario authors never write. Attributes
/// governance owns (<see cref="TwinWriteRules"/>) change only through <c>service:governance</c> executing an approved
/// action: a direct write of them is refused whoever sends it, admins included, so every such change is decided and
/// audited.
/// </summary>
public sealed class NgsiAccess(IOptions<AccessOptions> options)
{
    private readonly HashSet<string> _open = new(options.Value.OpenDataTypes, StringComparer.Ordinal);

    /// <summary>
    /// Null when the caller may address <paramref name="tenant"/> (null: the city's own entities) at all; its role
    /// there is then checked like the city's. A caller holds its role in its own tenant only: the city's callers,
    /// CityMesh services included, never reach a tenant, and a tenant's never reach the city or another tenant. A
    /// tenant's entities are never open data.
    /// </summary>
    public static NgsiProblem? TenantRefusal(ClaimsPrincipal user, string? tenant)
    {
        var caller = Caller.Of(user);
        if (tenant is null)
        {
            return caller?.Tenant is { } own
                ? AccessProblems.Forbidden($"{caller} holds no role in the city's own entities; send {Tenants.Header}: {own}", Tenants.Header)
                : null;
        }
        if (caller is null)
            return AccessProblems.Unauthorized($"a tenant's entities are never open data: reading or writing tenant '{tenant}' needs a key or token of that tenant");
        return caller.Tenant == tenant
            ? null
            : AccessProblems.Forbidden($"{caller} holds no role in tenant '{tenant}': only keys and tokens of that tenant reach its entities", Tenants.Header);
    }

    /// <summary>Null when the caller may read entities of <paramref name="types"/> (null: of any type).</summary>
    public NgsiProblem? ReadRefusal(ClaimsPrincipal user, IReadOnlyCollection<string>? types)
    {
        if (Caller.Of(user) is not null) return null;
        if (types is { Count: > 0 } && types.All(_open.Contains)) return null;
        return AccessProblems.Unauthorized(_open.Count == 0
            ? "reading the twin needs credentials: send X-Api-Key: KEY or Authorization: Bearer TOKEN"
            : $"reading {(types is { Count: > 0 } ? string.Join(", ", types) : "entities of any type")} needs credentials; " +
              $"without them only the open data types can be read, by naming them in type=: {string.Join(", ", _open.Order(StringComparer.Ordinal))}");
    }

    /// <summary>
    /// Null when the caller may write some entities at all: checked before a body is read, so a caller who may never
    /// write is told at once, and anonymous callers cannot make the twin parse megabytes.
    /// </summary>
    public static NgsiProblem? WriterRefusal(ClaimsPrincipal user, TwinWrite write)
    {
        if (Caller.Of(user) is not { } caller)
            return AccessProblems.Unauthorized("writing to the twin needs credentials: send X-Api-Key: KEY or Authorization: Bearer TOKEN");
        return caller.Role switch
        {
            Roles.Operator or Roles.Admin => null,
            Roles.DataProvider when write != TwinWrite.Delete => null,
            Roles.Service when caller.IsService(TwinWriteRules.GovernanceService) && write == TwinWrite.Update => null,
            Roles.Service when caller.Name.StartsWith(ServiceIdentity.NamePrefix, StringComparison.Ordinal)
                && TwinWriteRules.OwnsAny(caller.Name[ServiceIdentity.NamePrefix.Length..]) => null,
            _ => WriteRefusal(user, write, "", [], exists: false),
        };
    }

    /// <summary>
    /// Whether the caller is a service writing only attributes it computes of an entity of <paramref name="type"/>
    /// (<see cref="TwinWriteRules.ComputesAll"/>: safety's hydraulics writing pressures and flows): plain properties, no
    /// relationships nor dataset instances, each one the service's.
    /// </summary>
    public static bool IsComputedWrite(ClaimsPrincipal user, string type, Storage.AttributePatch patch) =>
        Caller.Of(user) is { Role: Roles.Service } caller
        && caller.Name.StartsWith(ServiceIdentity.NamePrefix, StringComparison.Ordinal)
        && patch.Properties.Count > 0 && patch.Location is null && patch.Relationships.Count == 0 && patch.PropertyDatasets.Count == 0 && patch.RelationshipDatasets.Count == 0
        && TwinWriteRules.ComputesAll(caller.Name[ServiceIdentity.NamePrefix.Length..], type, patch.Properties.Keys);

    /// <summary>
    /// Null when the caller may write <paramref name="attributes"/> of an entity of <paramref name="type"/>.
    /// </summary>
    /// <param name="exists">The entity exists: its governed attributes are then off limits to everyone but governance.</param>
    /// <param name="field">Where the entity is in the request, for the problem (<c>id</c>, <c>[3]</c>).</param>
    public static NgsiProblem? WriteRefusal(ClaimsPrincipal user, TwinWrite write, string type, IEnumerable<string> attributes, bool exists, string field = "id")
    {
        if (Caller.Of(user) is not { } caller)
            return AccessProblems.Unauthorized("writing to the twin needs credentials: send X-Api-Key: KEY or Authorization: Bearer TOKEN");
        if (caller.Role == Roles.Service)
        {
            // Services read; the one that writes city objects is governance, carrying out approved actions by updating
            // attributes. A service writes only the records it keeps (TwinWriteRules.OwnerOf), such as health's calls.
            if (TwinWriteRules.OwnerOf(type) is { } owner && caller.IsService(owner)) return null;
            return caller.IsService(TwinWriteRules.GovernanceService) && write == TwinWrite.Update
                ? null
                : AccessProblems.Forbidden($"{caller.Name} may not {Verb(write)} {(type.Length == 0 ? "entities" : type + " entities")}; only {ServiceIdentity.NamePrefix}{TwinWriteRules.GovernanceService} updates them, executing approved actions", field);
        }
        switch (caller.Role)
        {
            case Roles.Operator or Roles.Admin:
                break;
            case Roles.DataProvider when TwinWriteRules.IsObservation(type) && write != TwinWrite.Delete:
                break;
            case Roles.DataProvider:
                return AccessProblems.Forbidden(write == TwinWrite.Delete
                    ? $"{caller} may not delete entities; operators and admins do"
                    : $"{caller} writes observations (types such as TrafficFlowObserved, AirQualityObserved, FloodGauge), not {type}, a city object that operators and admins keep", field);
            default:
                return AccessProblems.Forbidden($"{caller} may not write to the twin: data providers write observations, operators and admins city objects", field);
        }
        // Governance serves the city's own entities only: in a tenant no action can change a governed attribute, so
        // there the tenant's operators and admins keep them, as they keep every other attribute.
        if (caller.Tenant is not null) return null;
        if (write == TwinWrite.Delete && TwinWriteRules.HasGoverned(type) && caller.Role != Roles.Admin)
            return AccessProblems.Forbidden($"deleting a {type} takes an admin: governance owns its {string.Join(", ", TwinWriteRules.GovernedOf(type))}", field);
        if (!exists || write == TwinWrite.Delete) return null;
        foreach (var attribute in attributes)
        {
            // The list is of governed changes (GovernedChanges): a governed attribute, or a governed value written anew.
            var what = TwinWriteRules.IsGoverned(type, attribute) ? $"{attribute} of a {type} is governed"
                : TwinWriteRules.WithGovernedValues(type).Contains(attribute) ? $"{attribute} {string.Join(" or ", TwinWriteRules.GovernedValuesOf(type, attribute))} of a {type} is governed"
                : null;
            if (what is not null)
                return AccessProblems.Forbidden(
                    $"{what}: it changes only through a governance action that is approved and executed " +
                    "(POST /governance/actions/{id}/approve or /override), so every change is decided and audited", Join(field, attribute));
        }
        return null;
    }

    private static string Join(string field, string attribute) => field is "id" or "" ? attribute : $"{field}.{attribute}";

    private static string Verb(TwinWrite write) => write switch
    {
        TwinWrite.Create => "create",
        TwinWrite.Update => "update",
        TwinWrite.Replace => "replace",
        _ => "delete",
    };
}

/// <summary>What a write does to an entity.</summary>
public enum TwinWrite
{
    Create,

    /// <summary>Writes the attributes sent, keeps the rest (PATCH attrs, upsert with <c>options=update</c>).</summary>
    Update,

    /// <summary>The entity becomes exactly what is sent (upsert's default on an existing entity).</summary>
    Replace,
    Delete,
}
