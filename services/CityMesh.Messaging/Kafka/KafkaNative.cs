using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace CityMesh.Messaging.Kafka;

/// <summary>
/// Points Confluent.Kafka at Debian's librdkafka (package librdkafka1) instead of librdkafka.redist, which the registry
/// here lacks. Confluent.Kafka asks for several library names (librdkafka, centos7-librdkafka, libdl); the resolver
/// answers them all with the system libraries. Every Kafka client in CityMesh calls <see cref="EnsureLoaded"/> first.
/// </summary>
public static class KafkaNative
{
    /// <summary>Overrides the library path, e.g. a librdkafka built elsewhere.</summary>
    public const string LibraryPathVariable = "CITYMESH_LIBRDKAFKA";

    public const string DefaultLibrary = "librdkafka.so.1";

    private static readonly Lazy<string> Version = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads librdkafka once and returns its version.</summary>
    /// <exception cref="KafkaNativeLibraryException">librdkafka is not installed or cannot be loaded.</exception>
    public static string EnsureLoaded() => Version.Value;

    private static string Load()
    {
        var path = Environment.GetEnvironmentVariable(LibraryPathVariable) is { Length: > 0 } custom ? custom : DefaultLibrary;
        if (!NativeLibrary.TryLoad(path, out var rdkafka))
        {
            throw new KafkaNativeLibraryException(
                $"librdkafka could not be loaded from '{path}'. Install Debian's librdkafka1 (apt-get install librdkafka1, " +
                $"or run tools/setup-debian.sh), or set {LibraryPathVariable} to the library's path.");
        }
        // Confluent.Kafka dlopens through libdl on Linux; glibc only ships it versioned.
        var libdl = NativeLibrary.TryLoad("libdl.so.2", out var dl) ? dl : IntPtr.Zero;
        NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, (name, _, _) =>
            name.Contains("rdkafka", StringComparison.Ordinal) ? rdkafka
            : name.StartsWith("libdl", StringComparison.Ordinal) ? libdl
            : IntPtr.Zero);
        try
        {
            // The first call into Confluent.Kafka binds its native entry points through the resolver above.
            return Library.VersionString;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            throw new KafkaNativeLibraryException($"Confluent.Kafka could not bind to librdkafka at '{path}': {e.Message}", e);
        }
    }
}

/// <summary>librdkafka is missing or unusable; the message says what to install.</summary>
public sealed class KafkaNativeLibraryException(string message, Exception? inner = null) : Exception(message, inner);
