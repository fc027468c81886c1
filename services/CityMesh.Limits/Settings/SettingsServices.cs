using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Limits.Settings;

/// <summary>Registers a settings class, read and validated while the module composes, so a bad setting stops start.</summary>
public static class SettingsServices
{
    /// <summary>
    /// Reads <typeparamref name="T"/> with <see cref="SettingsConfiguration.ReadSettings{T}"/> and registers that
    /// instance as a singleton.
    /// </summary>
    /// <returns>The instance registered, for the rest of the module's composition.</returns>
    /// <exception cref="InvalidOperationException">A setting is unknown, unreadable or invalid; the message names it.</exception>
    public static T AddSettings<T>(this IServiceCollection services, IConfiguration configuration) where T : class, ISettings<T>, new()
    {
        var settings = configuration.ReadSettings<T>();
        services.AddSingleton(settings);
        return settings;
    }
}
