namespace CityMesh.Limits.Settings;

/// <summary>
/// A class of settings: the configuration section it is bound from and the check it must pass before anything uses
/// it. Modules read one with <see cref="SettingsConfiguration.ReadSettings{T}"/> or register it with
/// <see cref="SettingsServices.AddSettings{T}"/>, never with a bare <c>Get&lt;T&gt;()</c>, so every module binds,
/// refuses unknown keys and validates the same way, at start.
/// </summary>
/// <typeparam name="TSelf">The settings class itself; its parameterless constructor gives the defaults.</typeparam>
public interface ISettings<TSelf> where TSelf : class, ISettings<TSelf>, new()
{
    /// <summary>The section's full configuration key, e.g. <c>CityMesh:Transport</c>.</summary>
    static abstract string Section { get; }

    /// <summary>
    /// Child sections of <see cref="Section"/> that other settings classes read (<c>Routing</c> under
    /// <c>CityMesh:Transport</c>), so their keys are not refused here as unknown. None by default.
    /// </summary>
    static virtual IReadOnlyList<string> ReadElsewhere => [];

    /// <returns>This, when every setting is usable.</returns>
    /// <exception cref="InvalidOperationException">One is not; the message names its full key and the value.</exception>
    TSelf Validated();
}
