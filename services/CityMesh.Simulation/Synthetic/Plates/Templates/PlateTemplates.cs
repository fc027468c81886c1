using System.Text.Json;

namespace CityMesh.Simulation.Synthetic.Plates.Templates;

/// <summary>Reads and checks template JSON: the shipped files (embedded in this assembly) and users' own.</summary>
public static class PlateTemplates
{
    private const string ResourcePrefix = "CityMesh.Simulation.Synthetic.Plates.Templates.";

    private static readonly Lazy<IReadOnlyList<PlateTemplate>> ShippedTemplates = new(LoadShipped);

    /// <summary>The templates that ship with CityMesh, ordered by id.</summary>
    public static IReadOnlyList<PlateTemplate> Shipped => ShippedTemplates.Value;

    /// <summary>Reads a user's template file.</summary>
    public static PlateTemplate LoadFile(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlateTemplateException($"{path}: cannot be read: {e.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>Parses and checks one template; <paramref name="source"/> names it in errors (a file name).</summary>
    public static PlateTemplate Parse(string json, string source)
    {
        PlateTemplate? template;
        try
        {
            template = JsonSerializer.Deserialize<PlateTemplate>(json, SynthesisOptionsJson.Json); // unknown fields refused, as in options
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "(document)" : e.Path.TrimStart('$', '.');
            throw new PlateTemplateException($"{source}: {field}: {FirstSentence(e.Message)}");
        }
        if (template is null) throw new PlateTemplateException($"{source}: (document): is null; a template is a JSON object");
        var errors = PlateTemplateCheck.Errors(template);
        if (errors.Count > 0)
            throw new PlateTemplateException($"{source}: " + string.Join($"; ", errors.Select(e => e.ToString())));
        return template;
    }

    /// <summary>The shipped templates plus <paramref name="custom"/>; an id defined twice is an error.</summary>
    public static IReadOnlyList<PlateTemplate> WithCustom(IReadOnlyList<PlateTemplate>? custom)
    {
        if (custom is not { Count: > 0 }) return Shipped;
        var all = Shipped.Concat(custom).ToList();
        var twice = all.GroupBy(t => t.Id).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new PlateTemplateException($"template id '{twice.Key}' is defined more than once");
        return all;
    }

    private static IReadOnlyList<PlateTemplate> LoadShipped()
    {
        var assembly = typeof(PlateTemplates).Assembly;
        var list = new List<PlateTemplate>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            list.Add(Parse(reader.ReadToEnd(), name[ResourcePrefix.Length..]));
        }
        if (list.Count == 0) throw new InvalidOperationException($"no plate templates are embedded in {assembly.GetName().Name}");
        return list.OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
    }

    // System.Text.Json appends "Path: ... | LineNumber: ..." which the field name already says.
    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
