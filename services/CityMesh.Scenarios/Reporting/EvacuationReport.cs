using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CityMesh.Scenarios.Running;

namespace CityMesh.Scenarios.Reporting;

/// <summary>
/// An evacuation's part of the report, from member 0's files: the setting, the flood's map and cut roads when a flood
/// ran first, each shelter's occupancy against its capacity over time per variant, a map of where the walkways
/// crowded, and the bottlenecks that stayed crowded longest.
/// </summary>
internal static class EvacuationReport
{
    public static void Append(StringBuilder html, string results, IReadOnlyList<string> variants)
    {
        string settingPath = Path.Combine(results, EvacuationRunner.SettingFile);
        if (!File.Exists(settingPath)) return;
        using var setting = JsonDocument.Parse(File.ReadAllText(settingPath));
        var root = setting.RootElement;
        html.Append("<p>City: ").Append(E(root.GetProperty("description").GetString() ?? "")).Append(".</p>");
        var shelters = root.GetProperty("shelters").EnumerateArray()
            .Select(s => (Name: s.GetProperty("name").GetString() ?? "", X: s.GetProperty("x").GetDouble(), Y: s.GetProperty("y").GetDouble())).ToList();
        var homes = root.GetProperty("zone").EnumerateArray().Select(b => (b.GetProperty("x").GetDouble(), b.GetProperty("y").GetDouble())).ToList();
        var cut = root.GetProperty("roadsCut").EnumerateArray().Select(r => r.GetProperty("road").GetString() ?? "").ToHashSet(StringComparer.Ordinal);
        Flood(html, results, root);

        html.Append("<h2>Shelters</h2><p>People in each shelter (on foot and by car) against its places, member 0.</p><div class=\"charts\">");
        var occupancy = variants.ToDictionary(v => v, v => ReadShelters(Path.Combine(results, "0", v)), StringComparer.Ordinal);
        var busiest = occupancy.Values.SelectMany(o => o).GroupBy(p => p.Shelter).Select(g => (Shelter: g.Key, Peak: g.Max(p => p.Total), Capacity: g.First().Capacity))
            .Where(s => s.Peak > 0).OrderByDescending(s => s.Peak).Take(12).ToList();
        foreach (var (shelter, _, capacity) in busiest)
        {
            var series = variants.Select(v => (v, occupancy[v].Where(p => p.Shelter == shelter).Select(p => (p.Seconds / 60, (double)p.Total)).ToArray())).ToList();
            double end = series.SelectMany(s => s.Item2).Select(p => p.Item1).DefaultIfEmpty(0).Max();
            series.Add(("capacity", [(0, capacity), (end, capacity)]));
            html.Append("<div>").Append(SvgCharts.Lines($"{shelter}: people in it", series, "min")).Append("</div>");
        }
        html.Append("</div><h2>Bottlenecks</h2><p>Walkways at or above the crowded density, member 0: the longer crowded, the redder and thicker.</p><div class=\"charts\">");
        foreach (string variant in variants)
        {
            var links = ReadLinks(Path.Combine(results, "0", variant));
            if (links.Count > 0) html.Append("<div>").Append(EvacuationMap.Svg(variant, links, cut, homes, shelters)).Append("</div>");
        }
        html.Append("</div>");
        foreach (string variant in variants)
        {
            var bottlenecks = EvacuationRunner.ReadBottlenecks(Path.Combine(results, "0", variant));
            html.Append("<h3>").Append(E(variant)).Append(CultureInfo.InvariantCulture, $": {bottlenecks.Count} walkways crowded longest</h3>");
            if (bottlenecks.Count == 0) continue;
            html.Append("<table><tr><th>walkway (road, or a building's or shelter's path)</th><th>minutes crowded</th><th>peak density (/m²)</th><th>people through</th></tr>");
            foreach (var b in bottlenecks)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(b.Road)}</td><td>{b.CrowdedMinutes:0.#}</td><td>{b.PeakDensity:0.00}</td><td>{b.Passed:N0}</td></tr>");
            html.Append("</table>");
        }
    }

    private static void Flood(StringBuilder html, string results, JsonElement setting)
    {
        string map = Path.Combine(results, EvacuationSetting.FloodDirectory, FloodRunner.MapFile);
        if (!File.Exists(map)) return;
        html.Append("<h2>The flood</h2><p>Run first over the same city: its deepest water (blue), and the roads it cuts, closed to walkers and to cars' routes from these times.</p>")
            .Append("<img alt=\"the flood's maximum depth\" style=\"max-width:560px;image-rendering:pixelated\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(File.ReadAllBytes(map))).Append("\">");
        var roads = setting.GetProperty("roadsCut").EnumerateArray().ToList();
        if (roads.Count == 0) return;
        html.Append("<table><tr><th>road</th><th>closes (after the warning)</th></tr>");
        foreach (var road in roads)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(road.GetProperty("name").GetString() ?? "")}</td><td>{TimeSpan.FromSeconds(Math.Round(road.GetProperty("seconds").GetDouble())):c}</td></tr>");
        html.Append("</table>");
    }

    private static List<(double Seconds, string Shelter, int Total, int Capacity)> ReadShelters(string directory)
    {
        string path = Path.Combine(directory, EvacuationRunner.SheltersFile);
        if (!File.Exists(path)) return [];
        return File.ReadAllLines(path).Skip(1).Select(Fields).Select(f => (double.Parse(f[0], CultureInfo.InvariantCulture), f[1],
            int.Parse(f[4], CultureInfo.InvariantCulture), int.Parse(f[5], CultureInfo.InvariantCulture))).ToList();
    }

    private static List<MapLink> ReadLinks(string directory)
    {
        string path = Path.Combine(directory, EvacuationRunner.LinksFile);
        if (!File.Exists(path)) return [];
        double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return File.ReadAllLines(path).Skip(1).Select(Fields).Select(f => new MapLink(D(f[2]), D(f[3]), D(f[4]), D(f[5]), f[1], D(f[8]), D(f[7]))).ToList();
    }

    /// <summary>A CSV line's fields, quoted ones unquoted (names may hold commas).</summary>
    private static string[] Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return [.. fields];
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
