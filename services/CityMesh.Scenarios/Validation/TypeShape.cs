using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Validation;

internal enum ShapeKind { String, Integer, Number, Boolean, DateTime, Object, Array, Map }

/// <summary>
/// The JSON shape of a model type as <see cref="ScenarioJson.Options"/> reads and writes it. The loader, the
/// validator and the CRD generator all walk this, so field names and types cannot disagree between them.
/// </summary>
internal sealed record TypeShape(ShapeKind Kind, Type ClrType, string? Format = null)
{
    /// <summary>Array items or map values.</summary>
    public TypeShape? Element { get; private init; }

    /// <summary>Object fields in declaration order.</summary>
    public IReadOnlyList<FieldShape> Fields { get; private set; } = [];

    public FieldShape? Field(string jsonName) => Fields.FirstOrDefault(f => f.JsonName == jsonName);

    private static readonly ConcurrentDictionary<Type, TypeShape> Cache = new();

    // A copy of the wire options with the reflection resolver, so reading metadata does not lock the shared instance.
    private static readonly JsonSerializerOptions Json = new(ScenarioJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public static TypeShape Of(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (Cache.TryGetValue(type, out var cached)) return cached;
        var shape = Scalar(type) ?? Collection(type) ?? ObjectShape(type);
        return Cache.GetOrAdd(type, shape);
    }

    private static TypeShape? Scalar(Type t) => t switch
    {
        _ when t == typeof(string) => new(ShapeKind.String, t),
        _ when t == typeof(int) => new(ShapeKind.Integer, t, "int32"),
        _ when t == typeof(long) => new(ShapeKind.Integer, t, "int64"),
        _ when t == typeof(double) => new(ShapeKind.Number, t, "double"),
        _ when t == typeof(bool) => new(ShapeKind.Boolean, t),
        _ when t == typeof(DateTimeOffset) || t == typeof(DateTime) => new(ShapeKind.DateTime, t, "date-time"),
        _ => null,
    };

    private static TypeShape? Collection(Type t)
    {
        var dictionary = Implemented(t, typeof(IReadOnlyDictionary<,>)) ?? Implemented(t, typeof(IDictionary<,>));
        if (dictionary is not null)
        {
            if (dictionary.GetGenericArguments()[0] != typeof(string)) throw new NotSupportedException($"{t}: map keys must be strings");
            return new(ShapeKind.Map, t) { Element = Of(dictionary.GetGenericArguments()[1]) };
        }
        var list = Implemented(t, typeof(IEnumerable<>));
        return list is null ? null : new(ShapeKind.Array, t) { Element = Of(list.GetGenericArguments()[0]) };
    }

    private static Type? Implemented(Type t, Type generic) =>
        t.IsGenericType && t.GetGenericTypeDefinition() == generic ? t
            : t.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);

    private static TypeShape ObjectShape(Type t)
    {
        var shape = new TypeShape(ShapeKind.Object, t);
        Cache[t] = shape; // before the fields, so a self-referencing type terminates
        try
        {
            var info = Json.GetTypeInfo(t);
            if (info.Kind != JsonTypeInfoKind.Object) throw new NotSupportedException($"{t}: not a JSON object, list, map or scalar");
            shape.Fields = [.. info.Properties.Where(p => p.Get is not null || p.Set is not null).Select(p => FieldShape.Of(t, p))];
            return shape;
        }
        catch
        {
            Cache.TryRemove(t, out _);
            throw;
        }
    }
}

/// <summary>One JSON property of an object shape, with the model property its markers are on.</summary>
internal sealed record FieldShape(string JsonName, PropertyInfo Property, TypeShape Shape)
{
    public T? Marker<T>() where T : Attribute => Property.GetCustomAttribute<T>();

    public object? ValueOf(object owner) => Property.GetValue(owner);

    public static FieldShape Of(Type owner, JsonPropertyInfo p)
    {
        var property = p.AttributeProvider as PropertyInfo ?? owner.GetProperty(p.Name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
            ?? throw new NotSupportedException($"{owner.Name}.{p.Name}: no property");
        return new(p.Name, property, TypeShape.Of(p.PropertyType));
    }
}
