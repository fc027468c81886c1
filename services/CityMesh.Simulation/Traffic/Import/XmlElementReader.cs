using System.Globalization;
using System.Xml;
using CityMesh.Limits;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// Streams an XML file element by element and reads attributes with errors that name the file, line, element, id
/// and attribute. Malformed XML, a DTD (entities could expand a small file into gigabytes) and a file over
/// <see cref="InputLimits.InputFileBytes"/> surface as <see cref="TrafficImportException"/> too.
/// </summary>
internal sealed class XmlElementReader : IDisposable
{
    private readonly XmlReader _xml;
    private readonly IXmlLineInfo _lines;

    public XmlElementReader(string path, InputLimits limits)
    {
        File = path;
        var stream = InputFile.Open(path, limits);
        try
        {
            _xml = XmlReader.Create(stream, new XmlReaderSettings
            {
                IgnoreComments = true,
                IgnoreWhitespace = true,
                IgnoreProcessingInstructions = true,
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                CloseInput = true,
            });
        }
        catch (XmlException e)
        {
            stream.Dispose();
            throw Malformed(path, e, 1);
        }
        _lines = (IXmlLineInfo)_xml;
    }

    public string File { get; }

    /// <summary>Name of the current element.</summary>
    public string Element => _xml.LocalName;

    /// <summary>Nesting depth of the current element; the root is 0.</summary>
    public int Depth => _xml.Depth;

    public int Line => _lines.LineNumber;

    /// <summary>Where the current element is, kept for errors found after reading on.</summary>
    public XmlPlace Place => new(File, Element, _xml.GetAttribute("id"), Line);

    /// <summary>Moves to the next start element anywhere below; false at the end of the file.</summary>
    public bool NextElement()
    {
        try
        {
            while (_xml.Read())
                if (_xml.NodeType == XmlNodeType.Element) return true;
            return false;
        }
        catch (XmlException e)
        {
            throw Malformed(File, e, _lines.LineNumber);
        }
    }

    /// <summary>The parser's error at its line and column; some (a DTD) carry none, and then the reader's line stands.</summary>
    private static TrafficImportException Malformed(string file, XmlException e, int line) =>
        new(file, e.LineNumber > 0
            ? $"line {e.LineNumber}, column {e.LinePosition}: malformed XML: {e.Message}"
            : $"line {Math.Max(line, 1)}: malformed XML: {e.Message}", e);

    public string? Optional(string attribute) => _xml.GetAttribute(attribute);

    public string Required(string attribute) =>
        _xml.GetAttribute(attribute) ?? throw Error(attribute, "is missing");

    /// <summary>An id or other name: present and not empty.</summary>
    public string RequiredName(string attribute) =>
        Required(attribute) is { Length: > 0 } name ? name : throw Error(attribute, "is empty");

    public double RequiredDouble(string attribute, Bound bound) => InBound(attribute, Required(attribute), bound);

    public double OptionalDouble(string attribute, double fallback, Bound bound) =>
        Optional(attribute) is { } text ? InBound(attribute, text, bound) : fallback;

    public int RequiredInt(string attribute) => ParseInt(attribute, Required(attribute));

    public int? OptionalInt(string attribute) => Optional(attribute) is { } text ? ParseInt(attribute, text) : null;

    public long? OptionalLong(string attribute) =>
        Optional(attribute) is not { } text ? null
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw Error(attribute, $"'{TrafficImportException.Quote(text)}' is not an integer");

    /// <summary>A number within <paramref name="bound"/>, or an error that gives the value and the rule.</summary>
    public double InBound(string attribute, string text, Bound bound)
    {
        var value = ParseDouble(attribute, text);
        return bound.Contains(value) ? value : throw Error(attribute, $"is {TrafficImportException.Quote(text)}; {bound.Rule}");
    }

    public double ParseDouble(string attribute, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(attribute, $"'{TrafficImportException.Quote(text)}' is not a number");

    public int ParseInt(string attribute, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(attribute, $"'{TrafficImportException.Quote(text)}' is not an integer");

    /// <summary>An error about one attribute of the current element.</summary>
    public TrafficImportException Error(string attribute, string problem) => Place.Error(attribute, problem);

    public void Dispose() => _xml.Dispose();
}

/// <summary>An element's position in a file, for errors raised after the reader has moved on.</summary>
internal readonly record struct XmlPlace(string File, string Element, string? Id, int Line)
{
    public TrafficImportException Error(string? attribute, string problem)
    {
        var element = Id is null ? $"<{Element}>" : $"<{Element} id=\"{TrafficImportException.Quote(Id)}\">";
        var where = attribute is null ? element : $"{element} attribute '{attribute}'";
        return new TrafficImportException(File, $"line {Line}: {where} {problem}");
    }
}
