using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CityMesh.Server.Tests;

/// <summary>
/// The server as <c>--target twin</c> with the in-memory store, in the Production environment so error handling is
/// what a deployment gets (no developer exception page).
/// </summary>
public sealed class TwinApiFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("target", "twin");
        builder.UseSetting("CityMesh:Twin:Store", "memory");
    }
}
