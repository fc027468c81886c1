using System.Globalization;
using System.Xml;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// Streams an XML file element by element and reads attributes with errors that name the file, line, element, id
/// and attribute. Malformed XML surfaces as <see cref="TrafficImportException"/> too.
/// </summary>
internal sealed class XmlElementReader : IDisposable
{
    private readonly XmlReader _xml;
    private readonly IXmlLineInfo _lines;

    public XmlElementReader(string path)
    {
        File = path;
        try
        {
            _xml = XmlReader.Create(path, new XmlReaderSettings { IgnoreComments = true, IgnoreWhitespace = true, DtdProcessing = DtdProcessing.Prohibit });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrafficImportException(path, $"cannot open: {e.Message}", e);
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
            throw new TrafficImportException(File, $"line {e.LineNumber}, position {e.LinePosition}: malformed XML: {e.Message}", e);
        }
    }

    public string? Optional(string attribute) => _xml.GetAttribute(attribute);

    public string Required(string attribute) =>
        _xml.GetAttribute(attribute) ?? throw Error(attribute, "is missing");

    public double RequiredDouble(string attribute) => ParseDouble(attribute, Required(attribute));

    public double OptionalDouble(string attribute, double fallback) =>
        Optional(attribute) is { } text ? ParseDouble(attribute, text) : fallback;

    public int RequiredInt(string attribute) => ParseInt(attribute, Required(attribute));

    public int? OptionalInt(string attribute) => Optional(attribute) is { } text ? ParseInt(attribute, text) : null;

    public double ParseDouble(string attribute, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(attribute, $"'{text}' is not a number");

    public int ParseInt(string attribute, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(attribute, $"'{text}' is not an integer");

    /// <summary>An error about one attribute of the current element.</summary>
    public TrafficImportException Error(string attribute, string problem) => Place.Error(attribute, problem);

    public void Dispose() => _xml.Dispose();
}

/// <summary>An element's position in a file, for errors raised after the reader has moved on.</summary>
internal readonly record struct XmlPlace(string File, string Element, string? Id, int Line)
{
    public TrafficImportException Error(string? attribute, string problem)
    {
        var element = Id is null ? $"<{Element}>" : $"<{Element} id=\"{Id}\">";
        var where = attribute is null ? element : $"{element} attribute '{attribute}'";
        return new TrafficImportException(File, $"line {Line}: {where} {problem}");
    }
}
