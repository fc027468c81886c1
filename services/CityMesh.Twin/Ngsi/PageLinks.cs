using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CityMesh.Twin.Ngsi;

/// <summary>
/// Pagination links (clause 5.5.9): a paged list answers with <c>Link: &lt;url&gt;; rel="next"</c> when matches remain
/// after the page and <c>rel="prev"</c> when it did not start at the first. Each URL is the request's own, with every
/// other parameter as sent and limit and offset set for that page.
/// </summary>
public static class PageLinks
{
    /// <param name="total">How many entities match in all.</param>
    public static void Add(HttpContext http, int offset, int limit, long total)
    {
        if (limit == 0) return; // a count-only request has no pages
        var links = new List<string>(2);
        if (offset + (long)limit < total) links.Add(Link(http.Request, offset + limit, limit, "next"));
        if (offset > 0) links.Add(Link(http.Request, Math.Max(0, offset - limit), limit, "prev"));
        if (links.Count > 0) http.Response.Headers.Link = StringValues.Concat(http.Response.Headers.Link, new StringValues([.. links]));
    }

    private static string Link(HttpRequest request, int offset, int limit, string rel)
    {
        var url = new StringBuilder().Append('<').Append(request.PathBase).Append(request.Path).Append('?');
        foreach (var (name, values) in request.Query)
        {
            if (name is "limit" or "offset") continue;
            foreach (var value in values) url.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? "")).Append('&');
        }
        return url.Append("limit=").Append(limit).Append("&offset=").Append(offset).Append(">; rel=\"").Append(rel).Append('"').ToString();
    }
}
