using System.Globalization;
using System.Text;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Running.Compound;

namespace CityMesh.Scenarios.Reporting;

/// <summary>
/// A compound scenario's part of the report, the parts' own sections over its files: the ambulances' reach over the
/// horizon with and without the flood; the flood's map, cut roads and flooded sites (with the evacuation's shelters and
/// bottlenecks where one ran); the grid's feeders and what the flood switched out.
/// </summary>
internal static class CompoundReport
{
    public static void Append(StringBuilder html, string results, IReadOnlyList<string> variants)
    {
        var reach = Reach(results);
        if (reach.Count > 0)
        {
            html.Append("<h2>Ambulance reach</h2><p>Residents an ambulance can reach within the standard, % of all, read every step with the roads the water has cut and the stations it has flooded by then.</p><div class=\"charts\"><div>")
                .Append(SvgCharts.Lines("residents within reach, %", [
                    ("without the flood", [.. reach.Select(r => (r.Minutes, r.Normal))]),
                    ("with the flood", [.. reach.Select(r => (r.Minutes, r.Flood))]),
                ], "min"))
                .Append("</div><div>")
                .Append(SvgCharts.Lines("roads cut", [("roads cut by the water", [.. reach.Select(r => (r.Minutes, r.Closed))])], "min"))
                .Append("</div></div>");
        }
        if (File.Exists(Path.Combine(results, EvacuationRunner.SettingFile)))
            EvacuationReport.Append(html, results, variants);
        else
        {
            html.Append("<h2>The flood</h2>");
            FloodReport.Append(html, results, [EvacuationSetting.FloodDirectory]);
        }
        string energy = Path.Combine(results, CompoundRunner.EnergyDirectory);
        if (Directory.Exists(energy))
        {
            html.Append("<h2>The grid</h2>");
            EnergyReport.Append(html, energy, variants);
        }
    }

    private static List<(double Minutes, double Normal, double Flood, double Closed)> Reach(string results)
    {
        string path = Path.Combine(results, CompoundRunner.AmbulanceFile);
        if (!File.Exists(path)) return [];
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int minutes = Array.IndexOf(header, "minutes"), share = Array.IndexOf(header, "share"), normal = Array.IndexOf(header, "shareNormally"), closed = Array.IndexOf(header, "roadsClosed");
        return [.. lines.Skip(1).Select(l => l.Split(',')).Select(f => (D(f[minutes]), D(f[normal]), D(f[share]), D(f[closed])))];
    }

    private static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
