using CityMesh.Deploy.Tests.Support;

namespace CityMesh.Deploy.Tests.Chart;

/// <summary>How users reach the city: the optional Ingress and what NOTES.txt tells them after install.</summary>
public sealed class IngressAndNotesTests
{
    [Fact]
    public void One_host_routes_governance_transport_health_energy_and_safety_to_their_targets_and_the_rest_to_the_twin()
    {
        var chart = Cities.Render("jinan");
        var ingress = chart.OfKind("Ingress").Single();
        var rule = ingress.Object["spec"]!["rules"]!.AsArray().Single()!;
        Assert.Equal("twin.jinan.citymesh.example", (string)rule["host"]!);
        var routes = rule["http"]!["paths"]!.AsArray().ToDictionary(p => (string)p!["path"]!, p => (string)p!["backend"]!["service"]!["name"]!);
        Assert.Equal("jinan-citymesh-governance", routes["/governance"]);
        Assert.Equal("jinan-citymesh-transport", routes["/transport"]);
        Assert.Equal("jinan-citymesh-health", routes["/health"]); // hospitals POST FHIR to /health/fhir
        Assert.Equal("jinan-citymesh-safety", routes["/safety"]); // flood forecasts and alerts
        Assert.Equal("jinan-citymesh-energy", routes["/energy"]); // the live grid
        Assert.Equal(["/", "/energy", "/governance", "/health", "/safety", "/transport"], routes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("jinan-citymesh-twin", routes["/"]);
        foreach (var service in routes.Values) chart.Single("Service", service);
        Assert.Equal("jinan-twin-tls", (string)ingress.Object["spec"]!["tls"]![0]!["secretName"]!);

        // The paths are the ones the modules map (safety's: DaprTests, which needs services/CityMesh.Safety).
        Assert.Contains("\"/governance/actions\"", File.ReadAllText(Repository.Path("services/CityMesh.Governance/Actions/Api/ActionEndpoints.cs")));
        Assert.Contains("MapGroup(\"/transport\")", File.ReadAllText(Repository.Path("services/CityMesh.Transport/TransportEndpoints.cs")));
        Assert.Contains("MapGroup(\"/health\")", File.ReadAllText(Repository.Path("services/CityMesh.Health/HealthEndpoints.cs")));
        Assert.Contains("MapGroup(\"/energy\")", File.ReadAllText(Repository.Path("services/CityMesh.Energy/EnergyEndpoints.cs")));
        // Prefix paths match whole segments: /health does not take the twin's /healthz.
        Assert.All(rule["http"]!["paths"]!.AsArray(), p => Assert.Equal("Prefix", (string)p!["pathType"]!));
        Assert.Contains("MapGet(\"/\", (HttpContext http) => Serve(http, \"index.html\"))", File.ReadAllText(Repository.Path("services/CityMesh.Twin/Dashboard/DashboardEndpoints.cs")));
        Assert.Empty(ChartRenderer.Render().OfKind("Ingress"));
    }

    [Fact]
    public void Notes_tell_how_to_reach_the_dashboard_and_submit_a_scenario()
    {
        var portForward = ChartRenderer.Render(ns: "citymesh-jinan").Notes;
        Assert.Contains("kubectl -n citymesh-jinan port-forward svc/jinan-citymesh-twin 8080:8080", portForward);
        Assert.Contains("dashboard at http://127.0.0.1:8080/", portForward);
        Assert.Contains("citymesh scenario submit", portForward);
        Assert.Contains("kubectl -n citymesh-jinan get tws", portForward);
        Assert.Contains("No credentials are configured", portForward);
        Assert.Contains("own Services (jinan-citymesh-governance, jinan-citymesh-transport, jinan-citymesh-health, jinan-citymesh-energy, jinan-citymesh-safety)", portForward);

        var withIngress = Cities.Render("jinan").Notes;
        Assert.Contains("Dashboard: https://twin.jinan.citymesh.example/", withIngress);
        Assert.DoesNotContain("No credentials are configured", withIngress);
        Assert.DoesNotContain("in memory", withIngress);
    }
}
