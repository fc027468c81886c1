using System.ComponentModel;
using CityMesh.Simulation.Synthetic.Plates.Options;
using CityMesh.Simulation.Synthetic.Plates.Templates;

namespace CityMesh.Simulation.Synthetic.Plates;

/// <summary>
/// Everything a synthetic plate dataset is drawn from, bar the seed. It is <c>spec.plates</c> of a TwinScenario and
/// the <c>options.json</c> written beside a dataset; every range is sampled uniformly per image.
/// </summary>
public sealed record PlateSynthesisOptions
{
    public const int MaxCount = 10_000_000, MinSize = 16, MaxSize = 4096;

    [Description("Images to generate; within [1, 10000000]. Default 1000.")]
    public int Count { get; init; } = 1000;

    [Description("Image width, pixels; within [16, 4096]. Default 320.")]
    public int Width { get; init; } = 320;

    [Description("Image height, pixels; within [16, 4096]. Default 96.")]
    public int Height { get; init; } = 96;

    [Description("Template ids drawn with equal weight; empty: every shipped and custom template.")]
    public IReadOnlyList<string> Templates { get; init; } = [];

    [Description("Templates defined here, beside the shipped ones (tw-private, eu-de, us-ca); same fields as the shipped template files.")]
    public IReadOnlyList<PlateTemplate> CustomTemplates { get; init; } = [];

    [Description("The camera: plate pose, distance, lens and crop.")]
    public PlateCameraOptions Camera { get; init; } = new();

    [Description("Lighting conditions, glare and shadows.")]
    public PlateLightingOptions Lighting { get; init; } = new();

    [Description("Blur, weather, noise and compression.")]
    public PlateEffectsOptions Effects { get; init; } = new();

    [Description("The plate's wear.")]
    public PlateAppearanceOptions Plate { get; init; } = new();

    [Description("The texture around the plate.")]
    public PlateBackgroundOptions Background { get; init; } = new();

    /// <summary>Every problem, each naming its field by camelCase JSON path ("camera.yaw", "templates[1]"); empty when the options can run.</summary>
    public IReadOnlyList<SynthesisOptionError> Validate()
    {
        var errors = new List<SynthesisOptionError>();
        if (Count < 1 || Count > MaxCount) errors.Add(new("count", $"is {Count}; it must lie within [1, {MaxCount}]"));
        if (Width < MinSize || Width > MaxSize) errors.Add(new("width", $"is {Width}; it must lie within [{MinSize}, {MaxSize}] pixels"));
        if (Height < MinSize || Height > MaxSize) errors.Add(new("height", $"is {Height}; it must lie within [{MinSize}, {MaxSize}] pixels"));

        var custom = CustomTemplates ?? [];
        for (int i = 0; i < custom.Count; i++)
            if (custom[i] is null) errors.Add(new($"customTemplates[{i}]", "is null"));
            else errors.AddRange(PlateTemplateCheck.Errors(custom[i], $"customTemplates[{i}]"));
        var known = PlateTemplates.Shipped.Select(t => t.Id).ToList();
        foreach (var (template, i) in custom.Select((t, i) => (t, i)).Where(p => p.t is not null))
        {
            if (known.Contains(template.Id)) errors.Add(new($"customTemplates[{i}].id", $"'{template.Id}' is already defined"));
            else known.Add(template.Id);
        }
        var templates = Templates ?? [];
        for (int i = 0; i < templates.Count; i++)
            if (!known.Contains(templates[i]))
                errors.Add(new($"templates[{i}]", $"'{templates[i]}' is not a known template; known: {string.Join(", ", known)}"));

        errors.AddRange(OptionChecks.Nested(Camera, "camera", (r, f) => r.Check(f)));
        errors.AddRange(OptionChecks.Nested(Lighting, "lighting", (r, f) => r.Check(f)));
        errors.AddRange(OptionChecks.Nested(Effects, "effects", (r, f) => r.Check(f)));
        errors.AddRange(OptionChecks.Nested(Plate, "plate", (r, f) => r.Check(f)));
        errors.AddRange(OptionChecks.Nested(Background, "background", (r, f) => r.Check(f)));
        return errors;
    }

    /// <summary>The templates images are drawn from, in a fixed order: the ones named, or every one.</summary>
    public IReadOnlyList<PlateTemplate> ResolveTemplates()
    {
        var all = PlateTemplates.WithCustom(CustomTemplates);
        if (Templates is not { Count: > 0 }) return all;
        return Templates.Select(id => all.FirstOrDefault(t => t.Id == id)
            ?? throw new ArgumentException($"templates: '{id}' is not a known template; known: {string.Join(", ", all.Select(t => t.Id))}")).ToList();
    }
}
