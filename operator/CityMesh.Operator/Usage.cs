namespace CityMesh.Operator;

internal static class Usage
{
    public const string Text = """
        citymesh-operator: reconciles TwinScenario resources (citymesh.io/v1alpha1) into Kubernetes Jobs.

        Usage: citymesh-operator [--help] [--Operator:<Setting>=<value> ...]

        Connects in cluster (service account) when KUBERNETES_SERVICE_HOST/PORT are set, else through the
        kubeconfig (KUBECONFIG or ~/.kube/config). Settings come from appsettings.json, environment variables
        (Operator__<Setting>) or the command line (--Operator:<Setting>=<value>):

          Image                 worker image the Jobs run (citymesh-server)
          ImagePullPolicy       Always | IfNotPresent | Never
          WorkerServiceAccount  service account of worker pods (needs patch on pods for progress)
          WatchNamespace        namespace to watch; empty: all
          GpuEnabled            true | false (default true); false: never request nvidia.com/gpu: gpu scenarios with
                                fallback cpu run on CPU at once, those without fail with reason GpuDisabled
          GpuNodeSelector       map, e.g. Operator__GpuNodeSelector__nvidia.com/gpu.present=true
          GpuTolerations        list of {Key, Operator, Value, Effect}, e.g. Operator__GpuTolerations__0__Key=nvidia.com/gpu
          WorkerCpu, WorkerMemory   requests of worker containers
          TwinUrl               the city's twin read API (gRPC, e.g. http://citymesh-twin:8081), for scenarios that read the twin
          ServiceKeySecret      Secret with the city's service key, which workers read the twin with (secretKeyRef in
                                each Job; the Secret must exist in the scenario's namespace); empty: none
          ServiceKeySecretKey   key of the service key in that Secret (default serviceKey)
          MaxParallelism        ensemble members running at once per scenario (default 8)
          Workers               concurrent reconciles (default 2)
          ResyncSeconds         reconcile every scenario this often (default 600; 0: never)
          LeaderElection        true | false (default true)
          LeaseName             default citymesh-operator
          LeaseNamespace        default: POD_NAMESPACE, else the service account's namespace
          Identity              default: POD_NAME, else host name and a random suffix
          HttpPort              port of /healthz, /readyz and /metrics on all interfaces (default 8080; 0: none)

        GET /healthz: 200 unless a reconcile is stuck or the controller died while holding the lease (liveness).
        GET /readyz: 200 once leading and synced, or as a standby waiting for the lease; else 503 and why.
        GET /metrics: Prometheus text format (citymesh_operator_*).

        Logs are JSON lines on stdout (Logging__LogLevel__Default=Debug for more).
        """;
}
