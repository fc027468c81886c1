using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;

namespace CityMesh.Scenarios.Reporting;

/// <summary>
/// A flood's part of the report: the ground it ran on, and per variant the maximum-depth map (the PNG the run wrote,
/// embedded as a data URI so the report stays one file), the roads cut with the time each closed, and the flooded
/// hospitals, shelters and substations.
/// </summary>
internal static class FloodReport
{
    public static void Append(StringBuilder html, string results, IReadOnlyList<string> variants)
    {
        string ground = Path.Combine(results, FloodRunner.GroundFile);
        if (File.Exists(ground))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(ground));
            html.Append("<p>Ground: ").Append(E(json.RootElement.GetProperty("description").GetString() ?? "")).Append(".</p>");
        }
        html.Append("<h2>Maximum depth</h2><p>Blue where the deepest water passed the flooded depth, darker to 2 m; grey hillshade elsewhere; buildings dark. North is up.</p><div class=\"charts\">");
        foreach (string variant in variants)
        {
            string map = Path.Combine(results, variant, FloodRunner.MapFile);
            if (!File.Exists(map)) continue;
            html.Append("<figure><img alt=\"maximum depth, ").Append(E(variant)).Append("\" style=\"max-width:560px;image-rendering:pixelated\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(File.ReadAllBytes(map))).Append("\"><figcaption>").Append(E(variant)).Append("</figcaption></figure>");
        }
        html.Append("</div>");
        foreach (string variant in variants)
        {
            var (roads, sites) = FloodRunner.ReadConsequences(Path.Combine(results, variant));
            html.Append("<h3>").Append(E(variant)).Append(CultureInfo.InvariantCulture, $": {roads.Count} roads cut, {sites.Count} critical sites flooded</h3>");
            if (roads.Count > 0)
            {
                html.Append("<table><tr><th>road</th><th>closes at</th><th>max depth (m)</th></tr>");
                foreach (var road in roads)
                    html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(road.Name)}</td><td>{TimeSpan.FromSeconds(Math.Round(road.ClosesAtSeconds)):c}</td><td>{road.MaxDepth:0.00}</td></tr>");
                html.Append("</table>");
            }
            if (sites.Count > 0)
            {
                html.Append("<table><tr><th>site</th><th>type</th><th>max depth (m)</th><th>water arrives</th></tr>");
                foreach (var site in sites)
                    html.Append(CultureInfo.InvariantCulture,
                        $"<tr><td>{E(site.Name)}</td><td>{E(site.Type)}</td><td>{site.MaxDepth:0.00}</td><td>{(site.ArrivalSeconds is { } s ? TimeSpan.FromSeconds(Math.Round(s)).ToString("c", CultureInfo.InvariantCulture) : "")}</td></tr>");
                html.Append("</table>");
            }
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
