using System.Text.Json;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Storage.Postgres;

/// <summary>How a <see cref="TwinValue"/> lies in the value_kind / num / txt columns.</summary>
internal static class ValueColumns
{
    public const short Number = 0;
    public const short Text = 1;
    public const short Boolean = 2;
    public const short Json = 3;

    public static short KindOf(TwinValue value) => value.Kind switch
    {
        TwinValueKind.Number => Number,
        TwinValueKind.Text => Text,
        TwinValueKind.Boolean => Boolean,
        _ => Json,
    };

    /// <summary>Numbers and booleans (1/0) in num; text and JSON in txt.</summary>
    public static double? NumOf(TwinValue value) => value.Kind is TwinValueKind.Number or TwinValueKind.Boolean ? value.Number : null;

    public static string? TxtOf(TwinValue value) => value.Kind is TwinValueKind.Text or TwinValueKind.Json ? value.Text : null;

    public static TwinValue Read(short kind, double? num, string? txt) => kind switch
    {
        Number => TwinValue.Of(num!.Value),
        Text => TwinValue.Of(txt!),
        Boolean => TwinValue.Of(num!.Value != 0),
        _ => ParseJson(txt!),
    };

    private static TwinValue ParseJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return TwinValue.FromJson(doc.RootElement);
    }

    /// <summary>PostgreSQL keeps microseconds; times are cut to that before they are compared or used as keys.</summary>
    public static DateTime ToMicroseconds(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTime(ticks - ticks % 10, DateTimeKind.Utc);
    }
}
