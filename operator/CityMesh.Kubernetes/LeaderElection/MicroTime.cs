using System.Globalization;

namespace CityMesh.Kubernetes;

/// <summary>meta/v1 MicroTime: RFC 3339 with microseconds, in UTC (apimachinery micro_time.go).</summary>
public static class MicroTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
}
