namespace CityMesh.Simulation;

/// <summary>
/// Reports on the reporting (simulating) thread. Progress&lt;T&gt; would post to the thread pool, so reports could
/// arrive late and out of order.
/// </summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
