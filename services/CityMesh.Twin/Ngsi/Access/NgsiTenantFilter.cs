using CityMesh.Access;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Access;

/// <summary>
/// Every NGSI-LD request's tenant, settled before anything else is read: a malformed <c>NGSILD-Tenant</c> is 400, an
/// undeclared one 404 NonexistentTenant, a caller outside it 401 or 403 (<see cref="NgsiAccess.TenantRefusal"/>).
/// The answer names the tenant it speaks for, as the spec asks. Handlers then take their twin from
/// <see cref="TwinTenants.For"/>.
/// </summary>
public sealed class NgsiTenantFilter(TwinTenants tenants) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var tenant = TwinTenants.Requested(http);
        if (tenant is not null)
        {
            if (Tenants.NameProblem(tenant) is { } malformed) return new NgsiProblemResult(NgsiProblem.BadRequestData(malformed, Tenants.Header));
            // Who may not be in the tenant hears so before whether it exists, so refusals tell outsiders nothing.
            if (NgsiAccess.TenantRefusal(http.User, tenant) is { } outsider) return new NgsiProblemResult(outsider);
            if (!tenants.Exists(tenant)) return new NgsiProblemResult(tenants.Nonexistent(tenant));
            http.Response.Headers[Tenants.Header] = tenant;
        }
        else if (NgsiAccess.TenantRefusal(http.User, null) is { } refused)
        {
            return new NgsiProblemResult(refused);
        }
        return await next(context);
    }
}
