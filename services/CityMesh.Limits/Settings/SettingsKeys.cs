using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Limits.Settings;

/// <summary>
/// What the binder would pass over or fail on under a section, each key named in full: a key no property reads (a
/// misspelt <c>ResyncDelai</c> would otherwise leave the default in place without a word) and a value that does not
/// convert. Not the binder's <c>ErrorOnUnknownConfiguration</c>: that names the property but not where it sits, and
/// inside a list or dictionary only says that "binding has failed".
/// </summary>
internal static class SettingsKeys
{
    /// <param name="readElsewhere">Child sections of <paramref name="section"/> other settings classes read.</param>
    /// <returns>One sentence per problem; empty when the section binds cleanly.</returns>
    public static List<string> Problems(IConfigurationSection section, Type type, IReadOnlyList<string> readElsewhere)
    {
        var problems = new List<string>();
        Check(section, type, readElsewhere, problems);
        return problems;
    }

    private static void Check(IConfigurationSection node, Type declared, IReadOnlyList<string> readElsewhere, List<string> problems)
    {
        var nullable = Nullable.GetUnderlyingType(declared);
        var type = nullable ?? declared;
        if (IsValue(type))
        {
            foreach (var child in node.GetChildren()) problems.Add($"{child.Path} is not a setting ({node.Path} is a single value)");
            // The converter the binder uses, so a value refused here is one the binder would refuse; empty means null when it may.
            if (node.Value is { } value && !(nullable is not null && value.Length == 0) && !Converts(type, value))
                problems.Add($"{node.Path} is '{value}', which is not {Expected(type)}");
            return;
        }
        if (ItemType(type) is { } item)
        {
            foreach (var child in node.GetChildren()) Check(child, item, [], problems);
            return;
        }
        // The value is not repeated: a key pasted in place of its section (ApiKeys:0) must not end up in the log.
        if (node.Value is { Length: > 0 }) problems.Add($"{node.Path} has a value, but it is a section: give its settings as keys under it");
        var properties = Settable(type);
        foreach (var child in node.GetChildren())
        {
            if (readElsewhere.Contains(child.Key, StringComparer.OrdinalIgnoreCase)) continue;
            if (properties.TryGetValue(child.Key, out var property)) Check(child, property.PropertyType, [], problems);
            else problems.Add($"{child.Path} is not a setting ({node.Path} takes {string.Join(", ", properties.Keys.Concat(readElsewhere))})");
        }
    }

    /// <summary>A type the binder converts from one string rather than binding keys under it.</summary>
    private static bool IsValue(Type type) => type == typeof(string) || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    private static bool Converts(Type type, string value)
    {
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or NotSupportedException)
        {
            return false;
        }
    }

    private static string Expected(Type type) => type switch
    {
        _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ when type == typeof(TimeSpan) => "a time span such as 00:00:30",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
        _ when type.IsPrimitive => $"a whole number that fits {type.Name}",
        _ => $"a {type.Name}",
    };

    /// <summary>The value type of a dictionary, the element type of a list or array; null for anything else.</summary>
    private static Type? ItemType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        Type[] shapes = type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces();
        var generic = shapes.Where(i => i.IsGenericType).ToList();
        var dictionary = generic.FirstOrDefault(i => i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)));
        if (dictionary is not null) return dictionary.GetGenericArguments()[1];
        return generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    /// <summary>
    /// The properties the binder fills, by configuration key, in declaration order: public with a public setter (init
    /// included), or read-only holding a section it binds into. A computed value such as a derived id is not a setting.
    /// </summary>
    private static Dictionary<string, PropertyInfo> Settable(Type type)
    {
        var properties = new Dictionary<string, PropertyInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod?.IsPublic != true || property.GetIndexParameters().Length > 0) continue;
            if (property.SetMethod?.IsPublic != true && IsValue(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType)) continue;
            properties.TryAdd(property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name, property);
        }
        return properties;
    }
}
