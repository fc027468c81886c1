using System.Globalization;
using System.Net;
using System.Text;

namespace CityMesh.Scenarios.Reporting;

/// <summary>A walkway as the map draws it: its ends on the plane (m), its road, and how long it stayed crowded (s).</summary>
internal sealed record MapLink(double X1, double Y1, double X2, double Y2, string Road, double CrowdedSeconds, double PeakDensity);

/// <summary>
/// Where an evacuation crowded, as a self-contained SVG: every walkway in grey, those that stayed crowded in a ramp
/// from amber (a minute) to dark red (the longest), thicker the longer; roads the flood cut dashed blue; the zone's
/// buildings as dots and the shelters as squares. North is up.
/// </summary>
internal static class EvacuationMap
{
    public static string Svg(string title, IReadOnlyList<MapLink> links, IReadOnlyCollection<string> cutRoads,
        IReadOnlyList<(double X, double Y)> homes, IReadOnlyList<(string Name, double X, double Y)> shelters)
    {
        const int size = 560, margin = 12, top = 28;
        var xs = links.SelectMany(l => new[] { l.X1, l.X2 }).Concat(shelters.Select(s => s.X)).DefaultIfEmpty(0).ToArray();
        var ys = links.SelectMany(l => new[] { l.Y1, l.Y2 }).Concat(shelters.Select(s => s.Y)).DefaultIfEmpty(0).ToArray();
        double minX = xs.Min(), maxX = xs.Max(), minY = ys.Min(), maxY = ys.Max();
        double scale = (size - 2 * margin) / Math.Max(1, Math.Max(maxX - minX, maxY - minY));
        double X(double x) => margin + (x - minX) * scale;
        double Y(double y) => top + margin + (maxY - y) * scale;
        double worst = Math.Max(60, links.Select(l => l.CrowdedSeconds).DefaultIfEmpty(0).Max());
        int height = top + 2 * margin + (int)Math.Ceiling((maxY - minY) * scale);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{height + 40}\" role=\"img\" aria-label=\"{E(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"16\" font-weight=\"bold\">{E(title)}</text>");
        foreach (var l in links.OrderBy(l => l.CrowdedSeconds))
        {
            bool cut = cutRoads.Contains(l.Road);
            string colour = l.CrowdedSeconds > 0 ? Ramp(l.CrowdedSeconds / worst) : cut ? "#2f6fd0" : "#c8c8c8";
            double width = l.CrowdedSeconds > 0 ? 1.5 + 4 * l.CrowdedSeconds / worst : 1;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(l.X1):0.#}\" y1=\"{Y(l.Y1):0.#}\" x2=\"{X(l.X2):0.#}\" y2=\"{Y(l.Y2):0.#}\" stroke=\"{colour}\" stroke-width=\"{width:0.#}\"")
                .Append(cut && l.CrowdedSeconds == 0 ? " stroke-dasharray=\"4 3\"" : "")
                .Append(l.CrowdedSeconds > 0 ? string.Create(CultureInfo.InvariantCulture, $"><title>{E(l.Road)}: crowded {l.CrowdedSeconds / 60:0.#} min, peak {l.PeakDensity:0.##} /m²</title></line>") : "/>");
        }
        foreach (var (x, y) in homes) svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(x):0.#}\" cy=\"{Y(y):0.#}\" r=\"1.6\" fill=\"#555\"/>");
        foreach (var (name, x, y) in shelters)
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{X(x) - 5:0.#}\" y=\"{Y(y) - 5:0.#}\" width=\"10\" height=\"10\" fill=\"#1a7f37\"><title>{E(name)}</title></rect>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{height + 14}\" font-size=\"12\">green: shelters; dots: homes in the zone; dashed blue: cut by the flood;</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{height + 30}\" font-size=\"12\">amber to red: crowded for a minute to {worst / 60:0} min</text>");
        return svg.Append("</svg>").ToString();
    }

    private static string Ramp(double t)
    {
        t = Math.Clamp(t, 0, 1);
        int r = (int)(240 - 100 * t), g = (int)(170 * (1 - t)), b = 30;
        return $"#{r:x2}{g:x2}{b:x2}";
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
