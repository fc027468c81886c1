using CityMesh.Twin.Ngsi.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Twin.Ngsi.JsonLd;

/// <summary>
/// Resolves the context a request's Link header names (a fetch, perhaps) before its handler runs, so that handlers,
/// <see cref="NgsiResponseShape.Of"/> and <see cref="NgsiRequestBody"/> read it without waiting. Runs after the tenant
/// check, so a request refused there makes the twin fetch nothing.
/// </summary>
public sealed class LinkContextFilter(ContextSource source) : IEndpointFilter
{
    private static readonly object Key = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Items[Key] = await LdContextResolver.FromLinkHeaderAsync(http.Request.Headers.Link, source, http.RequestAborted);
        return await next(context);
    }

    /// <summary>The context the request's Link header names (the core context when none), resolved by this filter.</summary>
    /// <exception cref="InvalidOperationException">The endpoint is not in the NGSI-LD group that runs the filter.</exception>
    public static LdContext Of(HttpContext http) => http.Items.TryGetValue(Key, out var context) && context is LdContext resolved
        ? resolved
        : throw new InvalidOperationException($"{http.Request.Path}: the Link context is resolved by {nameof(LinkContextFilter)}; map the endpoint in the NGSI-LD group");

    /// <summary>The source, for code that resolves a body's @context.</summary>
    public static ContextSource SourceOf(HttpContext http) => http.RequestServices.GetRequiredService<ContextSource>();
}
