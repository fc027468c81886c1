using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CityMesh.Server.Tests.Access;

/// <summary>
/// The operator's page signs in once with a key and then reads with a session cookie: the cookie opens reads only,
/// never writes, so another site cannot make a signed-in browser change the city.
/// </summary>
public sealed class DashboardSessionTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    [Fact]
    public async Task A_signed_in_browser_reads_the_city_with_its_cookie_and_cannot_write_with_it()
    {
        // A browser: cookies kept between requests, no key header of its own after signing in.
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        browser.DefaultRequestHeaders.Remove("X-Api-Key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/dashboard/city.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/dashboard/session")).StatusCode);

        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/dashboard/session");
        signIn.Headers.Add("X-Api-Key", TwinApiFactory.KeyOf("operator"));
        var signedIn = await browser.SendAsync(signIn);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/dashboard/city.json")).StatusCode);
        Assert.Contains("test-operator", await browser.GetStringAsync("/dashboard/session"));
        // The same cookie on a write is no credential at all, even though its holder is an operator.
        var id = Ngsi.NewId("Building");
        var write = await browser.PostAsync($"{Ngsi.Base}/entities", Ngsi.Body($$"""{"id": "{{id}}", "type": "Building"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync(Ngsi.EntityUrl(id))).StatusCode);
    }

    [Fact]
    public async Task A_forged_session_cookie_is_refused()
    {
        using var browser = factory.CreateClient();
        browser.DefaultRequestHeaders.Remove("X-Api-Key");
        browser.DefaultRequestHeaders.Add("Cookie", "citymesh-session=" + CityMesh.Access.JwtTokens.CreateHs256(
            "a-guessed-session-key-0123456789abcdef", "citymesh-dashboard", "citymesh-dashboard", "mallory", "admin", TimeSpan.FromHours(1)));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/dashboard/city.json")).StatusCode);
    }
}
