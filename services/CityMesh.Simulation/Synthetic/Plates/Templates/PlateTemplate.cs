using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Plates.Templates;

/// <summary>
/// One plate format as data: the plate's size and colours, where its characters go and which texts it carries.
/// Lengths are millimetres, origin at the plate's top-left corner, y down; colours are sRGB "#RRGGBB".
/// Shipped formats are the JSON files beside this one; users add theirs in the same shape.
/// </summary>
public sealed record PlateTemplate
{
    [Description("Identifier used to select the template, lower case letters, digits and '-', e.g. \"tw-private\".")]
    public string Id { get; init; } = "";

    [Description("What the format is, for people.")]
    public string Description { get; init; } = "";

    [Description("Where the dimensions and rules come from.")]
    public string Source { get; init; } = "";

    [Description("Plate width in millimetres.")]
    public double Width { get; init; }

    [Description("Plate height in millimetres.")]
    public double Height { get; init; }

    [Description("Radius of the plate's rounded corners in millimetres.")]
    public double CornerRadius { get; init; }

    [Description("Plate background colour, sRGB \"#RRGGBB\".")]
    public string Background { get; init; } = "#FFFFFF";

    [Description("Border line colour, sRGB \"#RRGGBB\".")]
    public string Border { get; init; } = "#000000";

    [Description("Border line width in millimetres; 0: no border.")]
    public double BorderWidth { get; init; }

    [Description("Where and how the registration text is drawn.")]
    public PlateTextStyle Text { get; init; } = new();

    [Description("The registration's parts, left to right: character classes with lengths, and literal separators.")]
    public IReadOnlyList<PlateTextPart> Format { get; init; } = [];

    [Description("Most letters and digits a registration may have in total (separators not counted); 0: no limit beyond the parts'.")]
    public int MaxSymbols { get; init; }

    [Description("Coloured areas painted over the background, e.g. an EU band.")]
    public IReadOnlyList<PlateBandSpec> Bands { get; init; } = [];

    [Description("Characters drawn but never labelled, e.g. an EU band's country code.")]
    public IReadOnlyList<PlateDecorationSpec> Decorations { get; init; } = [];

    [Description("Screw heads.")]
    public IReadOnlyList<PlateScrewSpec> Screws { get; init; } = [];
}

/// <summary>The registration text's box and type: cells sit side by side, centred between Left and Right.</summary>
public sealed record PlateTextStyle
{
    [Description("Character colour, sRGB \"#RRGGBB\".")]
    public string Colour { get; init; } = "#000000";

    [Description("Left edge of the area the text is centred in, millimetres.")]
    public double Left { get; init; }

    [Description("Right edge of the area the text is centred in, millimetres.")]
    public double Right { get; init; }

    [Description("Top of the character cells, millimetres.")]
    public double Top { get; init; }

    [Description("Character cell height, millimetres.")]
    public double Height { get; init; }

    [Description("Cell width of letters and digits, millimetres.")]
    public double CharacterWidth { get; init; }

    [Description("Cell width of '-' and '·', millimetres.")]
    public double NarrowWidth { get; init; }

    [Description("Width of a space (a gap with no glyph), millimetres.")]
    public double SpaceWidth { get; init; }

    [Description("Gap between neighbouring cells, millimetres.")]
    public double Spacing { get; init; }

    [Description("Stroke width, millimetres.")]
    public double Stroke { get; init; }
}

/// <summary>
/// One part of a registration: either a <see cref="Literal"/> (a separator such as "-" or " ") or a run of
/// <see cref="Min"/>–<see cref="Max"/> characters of <see cref="Class"/> less <see cref="Exclude"/>.
/// </summary>
public sealed record PlateTextPart
{
    [Description("A fixed text (a separator such as \"-\" or \" \"); set either this or class.")]
    public string? Literal { get; init; }

    [Description("\"letter\" (A–Z), \"digit\" (0–9) or \"alphanumeric\"; set either this or literal.")]
    public string? Class { get; init; }

    [Description("Characters of the class the format never uses, e.g. \"IO\".")]
    public string Exclude { get; init; } = "";

    [Description("Characters also excluded from the part's first position, e.g. \"0\" for a number that has no leading zero.")]
    public string ExcludeFirst { get; init; } = "";

    [Description("Fewest characters in the part.")]
    public int Min { get; init; } = 1;

    [Description("Most characters in the part.")]
    public int Max { get; init; } = 1;
}

public sealed record PlateBandSpec
{
    [Description("Left edge, millimetres.")] public double X { get; init; }
    [Description("Top edge, millimetres.")] public double Y { get; init; }
    [Description("Width, millimetres.")] public double Width { get; init; }
    [Description("Height, millimetres.")] public double Height { get; init; }
    [Description("Colour, sRGB \"#RRGGBB\".")] public string Colour { get; init; } = "#000000";
}

public sealed record PlateDecorationSpec
{
    [Description("The character drawn (one character the plate font has).")] public string Character { get; init; } = "";
    [Description("Cell left edge, millimetres.")] public double X { get; init; }
    [Description("Cell top edge, millimetres.")] public double Y { get; init; }
    [Description("Cell width, millimetres.")] public double Width { get; init; }
    [Description("Cell height, millimetres.")] public double Height { get; init; }
    [Description("Stroke width, millimetres.")] public double Stroke { get; init; }
    [Description("Colour, sRGB \"#RRGGBB\".")] public string Colour { get; init; } = "#FFFFFF";
}

public sealed record PlateScrewSpec
{
    [Description("Centre x, millimetres.")] public double X { get; init; }
    [Description("Centre y, millimetres.")] public double Y { get; init; }
    [Description("Head radius, millimetres.")] public double Radius { get; init; }
}
