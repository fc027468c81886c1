using Microsoft.Extensions.Configuration;

namespace CityMesh.Limits.Settings;

/// <summary>Reads a settings class from configuration: the one way a module does.</summary>
public static class SettingsConfiguration
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from its section (its defaults when the section is absent), refusing keys no
    /// setting reads and values that do not convert, then validates it.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// A key is unknown, a value unreadable or a setting invalid; the message names every such key in full.
    /// </exception>
    public static T ReadSettings<T>(this IConfiguration configuration) where T : class, ISettings<T>, new()
    {
        var section = configuration.GetSection(T.Section);
        var problems = SettingsKeys.Problems(section, typeof(T), T.ReadElsewhere);
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("; ", problems) + ".");
        T settings;
        try
        {
            settings = section.Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // SettingsKeys checks what the binder converts; this is for a shape it does not foresee, still as one error.
            throw new InvalidOperationException($"{T.Section} cannot be read: {e.Message}", e);
        }
        return settings.Validated();
    }
}
