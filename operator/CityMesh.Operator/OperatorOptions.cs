namespace CityMesh.Operator;

/// <summary>
/// The operator's settings, bound from the "Operator" configuration section (appsettings.json, or environment
/// variables such as <c>Operator__Image</c>).
/// </summary>
public sealed class OperatorOptions
{
    public const string Section = "Operator";

    /// <summary>The worker image (citymesh-server) the Jobs run.</summary>
    public string Image { get; set; } = "citymesh/citymesh-server:latest";

    public string? ImagePullPolicy { get; set; }

    /// <summary>The service account of worker pods; it needs patch on its own pod for the progress annotation.</summary>
    public string? WorkerServiceAccount { get; set; }

    /// <summary>
    /// The city's twin read API (its gRPC address, e.g. <c>http://citymesh-twin:8081</c>), passed to workers for
    /// scenarios that read the twin (a twin baseline, the twin's sensors); empty: such scenarios fail with a clear reason.
    /// </summary>
    public string? TwinUrl { get; set; }

    /// <summary>
    /// Name of the Secret holding the city's service key (<c>CityMesh:Access:ServiceKey</c>), with which workers mint the
    /// short-lived tokens they read the twin with. Jobs reference it (secretKeyRef), so the key never passes through the
    /// operator or the Job spec; it must exist in each namespace scenarios run in. Empty: workers get none.
    /// </summary>
    public string? ServiceKeySecret { get; set; }

    /// <summary>Key of the service key in <see cref="ServiceKeySecret"/>.</summary>
    public string ServiceKeySecretKey { get; set; } = "serviceKey";

    /// <summary>Port of the operator's HTTP endpoints: <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>; 0: none.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Namespace to watch; empty: all namespaces.</summary>
    public string? WatchNamespace { get; set; }

    /// <summary>
    /// False on clusters without GPUs: no Job ever requests <c>nvidia.com/gpu</c>. A gpu scenario with
    /// <c>fallback: cpu</c> runs on CPU at once (GpuScheduled=False, reason GpuDisabled); one without a CPU fallback
    /// is not accepted (Failed, reason GpuDisabled).
    /// </summary>
    public bool GpuEnabled { get; set; } = true;

    /// <summary>Node selector for GPU pods, e.g. <c>nvidia.com/gpu.present: "true"</c>.</summary>
    public Dictionary<string, string> GpuNodeSelector { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Tolerations for GPU pods, e.g. of the <c>nvidia.com/gpu</c> taint.</summary>
    public List<TolerationOptions> GpuTolerations { get; set; } = [];

    /// <summary>CPU and memory requests of worker containers; unset: none.</summary>
    public string? WorkerCpu { get; set; }

    public string? WorkerMemory { get; set; }

    /// <summary>At most this many ensemble members run at once (the Job's parallelism).</summary>
    public int MaxParallelism { get; set; } = 8;

    /// <summary>Reconcile workers; a key is never reconciled by two at once.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Every scenario is reconciled again this often even without events; 0: never.</summary>
    public int ResyncSeconds { get; set; } = 600;

    public bool LeaderElection { get; set; } = true;

    public string LeaseName { get; set; } = "citymesh-operator";

    /// <summary>Empty: the operator's own namespace (POD_NAMESPACE or the service account's).</summary>
    public string? LeaseNamespace { get; set; }

    /// <summary>Empty: POD_NAME, else the host name with a random suffix.</summary>
    public string? Identity { get; set; }
}

public sealed class TolerationOptions
{
    public string? Key { get; set; }
    public string? Operator { get; set; }
    public string? Value { get; set; }
    public string? Effect { get; set; }
    public long? TolerationSeconds { get; set; }
}
