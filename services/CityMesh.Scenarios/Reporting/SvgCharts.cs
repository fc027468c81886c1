using System.Globalization;
using System.Net;
using System.Text;

namespace CityMesh.Scenarios.Reporting;

/// <summary>Small self-contained SVG charts (no script, no external assets), so a report opens anywhere.</summary>
internal static class SvgCharts
{
    private static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7"];

    public static string Colour(int series) => Palette[series % Palette.Length];

    /// <summary>Horizontal bars, one per label, with the value printed at the bar's end.</summary>
    public static string Bars(string title, IReadOnlyList<(string Label, double Value)> bars, string unit)
    {
        const int width = 560, labelWidth = 150, barHeight = 22, gap = 6, top = 28;
        double max = bars.Count == 0 ? 1 : Math.Max(bars.Max(b => Math.Abs(b.Value)), 1e-9);
        int height = top + bars.Count * (barHeight + gap) + 8;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{E(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"16\" font-weight=\"bold\">{E(title)}</text>");
        for (int i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            int y = top + i * (barHeight + gap);
            double length = Math.Abs(value) / max * (width - labelWidth - 90);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 16}\">{E(label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{length:0.#}\" height=\"{barHeight}\" fill=\"{Colour(i)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + length + 6:0.#}\" y=\"{y + 16}\">{value:#,0.##} {E(unit)}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Share of trips per travel-time bin, one line per series, on shared bins.</summary>
    public static string Distribution(string title, IReadOnlyList<(string Label, double[] Values)> series, string unit, int bins = 30)
    {
        const int width = 560, height = 260, left = 40, bottom = 30, top = 28, right = 10;
        var all = series.SelectMany(s => s.Values).ToArray();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height + 20 * series.Count}\" role=\"img\" aria-label=\"{E(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"16\" font-weight=\"bold\">{E(title)}</text>");
        if (all.Length == 0) return svg.Append("<text x=\"0\" y=\"50\">no trip arrived</text></svg>").ToString();
        // The 99th percentile bounds the axis so a few stragglers do not flatten the picture.
        Array.Sort(all);
        double hi = Math.Max(all[(int)(0.99 * (all.Length - 1))], 1), binWidth = hi / bins;
        var shares = series.Select(s =>
        {
            var counts = new double[bins];
            foreach (double v in s.Values) counts[Math.Min(bins - 1, (int)(v / binWidth))]++;
            return counts.Select(c => s.Values.Length == 0 ? 0 : c / s.Values.Length).ToArray();
        }).ToArray();
        double peak = Math.Max(shares.Max(s => s.DefaultIfEmpty(0).Max()), 1e-9);
        double X(int bin) => left + (bin + 0.5) * (width - left - right) / bins;
        double Y(double share) => top + (1 - share / peak) * (height - top - bottom);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\" stroke=\"#888\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{height - 10}\">0</text><text x=\"{width - right - 90}\" y=\"{height - 10}\">{hi:0} {E(unit)}</text>");
        for (int s = 0; s < shares.Length; s++)
        {
            var points = string.Join(' ', shares[s].Select((share, b) => FormattableString.Invariant($"{X(b):0.#},{Y(share):0.#}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke-width=\"2\" stroke=\"{Colour(s)}\" points=\"{points}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{height + 20 * s}\" width=\"12\" height=\"12\" fill=\"{Colour(s)}\"/><text x=\"{left + 18}\" y=\"{height + 20 * s + 11}\">{E(series[s].Label)}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Lines over a shared x axis (days, say), one per series, with the peak printed on the axis.</summary>
    /// <param name="yFrom">The y axis's lower end (0 by default): a voltage near 1 pu needs its own.</param>
    public static string Lines(string title, IReadOnlyList<(string Label, (double X, double Y)[] Points)> series, string xUnit, double? yFrom = null)
    {
        const int width = 560, height = 260, left = 40, bottom = 30, top = 28, right = 10;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height + 20 * series.Count}\" role=\"img\" aria-label=\"{E(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"16\" font-weight=\"bold\">{E(title)}</text>");
        var all = series.SelectMany(s => s.Points).ToArray();
        if (all.Length == 0) return svg.Append("<text x=\"0\" y=\"50\">no data</text></svg>").ToString();
        double xMax = Math.Max(all.Max(p => p.X), 1e-9), yMin = yFrom ?? 0, yMax = Math.Max(all.Max(p => p.Y), yMin + 1e-9);
        double X(double x) => left + x / xMax * (width - left - right);
        double Y(double y) => top + (1 - (y - yMin) / (yMax - yMin)) * (height - top - bottom);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\" stroke=\"#888\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{height - 10}\">0</text><text x=\"{width - right - 90}\" y=\"{height - 10}\">{xMax:0} {E(xUnit)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 4}\" y=\"{top + 12}\">{(yFrom is null ? yMax.ToString("#,0", CultureInfo.InvariantCulture) : yMax.ToString("0.###", CultureInfo.InvariantCulture))}</text>");
        if (yFrom is { } from) svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 4}\" y=\"{height - bottom - 4}\">{from:0.###}</text>");
        for (int s = 0; s < series.Count; s++)
        {
            var points = string.Join(' ', series[s].Points.Select(p => FormattableString.Invariant($"{X(p.X):0.#},{Y(p.Y):0.#}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke-width=\"2\" stroke=\"{Colour(s)}\" points=\"{points}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{height + 20 * s}\" width=\"12\" height=\"12\" fill=\"{Colour(s)}\"/><text x=\"{left + 18}\" y=\"{height + 20 * s + 11}\">{E(series[s].Label)}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
