using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace CityMesh.Messaging.Kafka;

/// <summary>
/// The librdkafka that Confluent.Kafka loads from librdkafka.redist, and its handle for our own P/Invoke (the mock
/// cluster's C API, which Confluent.Kafka does not wrap). The package ships several Linux builds; which one loads
/// depends on the system: on Debian 12 the generic <c>librdkafka.so</c> needs libsasl2.so.3, which Debian lacks, so
/// Confluent.Kafka falls back to the self-contained <c>centos8-librdkafka.so</c>. Our calls must reach that same
/// library: a second librdkafka (Debian's, say) would be another copy with its own version and state.
/// </summary>
public static class KafkaNative
{
    /// <summary>Overrides the library path, e.g. a librdkafka built elsewhere.</summary>
    public const string LibraryPathVariable = "CITYMESH_LIBRDKAFKA";

    /// <summary>The library name our own <c>DllImport</c>s use; <see cref="Resolve"/> answers it with <see cref="Handle"/>.</summary>
    public const string LibraryName = "librdkafka";

    /// <summary>librdkafka.redist's native asset names, in the order Confluent.Kafka tries them on Linux.</summary>
    private static readonly string[] BundledNames = ["librdkafka", "centos8-librdkafka", "alpine-librdkafka"];

    private static readonly Lazy<Loaded> Library = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private sealed record Loaded(string Version, IntPtr Handle, string Name);

    /// <summary>Loads librdkafka once and returns its version.</summary>
    /// <exception cref="KafkaNativeLibraryException">No bundled librdkafka loads here (or the override does not).</exception>
    public static string EnsureLoaded() => Library.Value.Version;

    /// <summary>The handle of the librdkafka Confluent.Kafka runs on.</summary>
    public static IntPtr Handle => Library.Value.Handle;

    /// <summary>The asset name or path it was loaded by, for messages and logs.</summary>
    public static string LoadedFrom => Library.Value.Name;

    /// <summary>A <see cref="DllImportResolver"/> for assemblies that P/Invoke <see cref="LibraryName"/>.</summary>
    public static IntPtr Resolve(string name, System.Reflection.Assembly assembly, DllImportSearchPath? searchPath) =>
        name == LibraryName ? Handle : IntPtr.Zero;

    private static Loaded Load()
    {
        var custom = Environment.GetEnvironmentVariable(LibraryPathVariable) is { Length: > 0 } path ? path : null;
        try
        {
            // Confluent.Kafka's own probing (or the override): the library every client in the process will use.
            if (custom is null) Confluent.Kafka.Library.Load();
            else Confluent.Kafka.Library.Load(custom);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException or BadImageFormatException)
        {
            throw new KafkaNativeLibraryException(
                $"Confluent.Kafka could not load librdkafka{(custom is null ? " from librdkafka.redist" : $" from '{custom}'")}: {e.Message}", e);
        }
        var version = Confluent.Kafka.Library.VersionString;
        // Loading again by the same name returns the handle already open. A name that does not load here (the generic
        // build on Debian) did not load for Confluent.Kafka either, so the first that loads is the one it uses.
        foreach (var name in custom is null ? BundledNames : [custom])
        {
            if (TryOpen(name, out var handle) && VersionOf(handle) == version) return new Loaded(version, handle, name);
        }
        throw new KafkaNativeLibraryException(
            $"Confluent.Kafka runs on librdkafka {version}, but none of {string.Join(", ", custom is null ? BundledNames : [custom])} opens as that version.");
    }

    private static bool TryOpen(string name, out IntPtr handle) =>
        name.Contains('/', StringComparison.Ordinal)
            ? NativeLibrary.TryLoad(name, out handle)
            : NativeLibrary.TryLoad(name, typeof(Confluent.Kafka.Library).Assembly, null, out handle);

    private static string? VersionOf(IntPtr handle) =>
        NativeLibrary.TryGetExport(handle, "rd_kafka_version_str", out var export)
            ? Marshal.PtrToStringUTF8(Marshal.GetDelegateForFunctionPointer<VersionString>(export)())
            : null;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr VersionString();
}

/// <summary>librdkafka is missing or unusable; the message says what was tried.</summary>
public sealed class KafkaNativeLibraryException(string message, Exception? inner = null) : Exception(message, inner);
