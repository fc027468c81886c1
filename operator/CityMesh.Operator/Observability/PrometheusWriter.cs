using System.Globalization;
using System.Text;

namespace CityMesh.Operator.Observability;

/// <summary>
/// Prometheus text exposition format 0.0.4, by hand: <c># HELP</c> and <c># TYPE</c> before a family's samples,
/// label values escaped (backslash, double quote, newline), HELP text escaped (backslash, newline), values in
/// Go's spelling (<c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, shortest round-trip decimals).
/// </summary>
public sealed class PrometheusWriter(StringBuilder text)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public PrometheusWriter Family(string name, string type, string help)
    {
        text.Append("# HELP ").Append(name).Append(' ');
        AppendEscaped(help, escapeQuote: false);
        text.Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    public PrometheusWriter Sample(string name, double value) => Sample(name, [], value);

    public PrometheusWriter Sample(string name, string label, string labelValue, double value) => Sample(name, [(label, labelValue)], value);

    public PrometheusWriter Sample(string name, ReadOnlySpan<(string Name, string Value)> labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{');
            for (int i = 0; i < labels.Length; i++)
            {
                if (i > 0) text.Append(',');
                text.Append(labels[i].Name).Append("=\"");
                AppendEscaped(labels[i].Value, escapeQuote: true);
                text.Append('"');
            }
            text.Append('}');
        }
        text.Append(' ').Append(Format(value)).Append('\n');
        return this;
    }

    public static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private void AppendEscaped(string value, bool escapeQuote)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '\n': text.Append(@"\n"); break;
                case '"' when escapeQuote: text.Append("\\\""); break;
                default: text.Append(c); break;
            }
        }
    }
}
