namespace CityMesh.Operator.Kube;

/// <summary>How long the server keeps one watch open: five minutes, plus up to 10% so many watchers do not reconnect in step.</summary>
internal static class WatchWindow
{
    public static int Seconds() => (int)(300 * (1 + Random.Shared.NextDouble() * 0.1));

    /// <summary>Items per list page.</summary>
    public const int PageSize = 500;
}
