using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Messaging.Dapr;

/// <summary>
/// How CityMesh reaches its Dapr sidecar and how it subscribes. Read by <see cref="FromConfiguration"/> from the
/// section <c>CityMesh:Messaging:Dapr</c>, falling back to the variables the sidecar injector sets
/// (<c>DAPR_HTTP_ENDPOINT</c>, <c>DAPR_HTTP_PORT</c>, <c>DAPR_GRPC_ENDPOINT</c>, <c>DAPR_GRPC_PORT</c>,
/// <c>DAPR_API_TOKEN</c>, <c>APP_API_TOKEN</c>, <c>DAPR_HEALTH_TIMEOUT</c>).
/// </summary>
public sealed record DaprOptions
{
    public const string SectionName = "CityMesh:Messaging:Dapr";

    /// <summary>The sidecar's HTTP API, e.g. <c>http://127.0.0.1:3500</c>: <c>DaprClient</c> asks its outbound health there.</summary>
    public Uri SidecarEndpoint { get; init; } = new("http://127.0.0.1:3500");

    /// <summary>The sidecar's gRPC API, e.g. <c>http://127.0.0.1:50001</c>: <c>DaprClient</c> publishes there.</summary>
    public Uri GrpcEndpoint { get; init; } = new("http://127.0.0.1:50001");

    /// <summary>The name of the Dapr pub/sub component (metadata.name in its YAML).</summary>
    public string PubSubName { get; init; } = "citymesh-pubsub";

    /// <summary>Sent as <c>dapr-api-token</c> on every call to the sidecar (<c>DAPR_API_TOKEN</c>).</summary>
    public string? ApiToken { get; init; }

    /// <summary>When set, every call from the sidecar must carry it as <c>dapr-api-token</c> (<c>APP_API_TOKEN</c>).</summary>
    public string? AppApiToken { get; init; }

    /// <summary>
    /// Without <see cref="AppApiToken"/> anyone who reaches the app's port could deliver events as if from the sidecar
    /// (forged proposals, forged telemetry), so the server refuses to start. Set this only where something else
    /// already guards deliveries (mTLS, a network policy that admits the sidecar alone), and say so in the deployment.
    /// </summary>
    public bool BehindAnotherGuard { get; init; }

    /// <summary>How long start-up waits for <c>/v1.0/healthz/outbound</c> (<c>DAPR_HEALTH_TIMEOUT</c>, seconds; SDK default 60 s).</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts for one publish call when the sidecar fails it transiently (Internal, Unavailable, ...) or cannot be reached.</summary>
    public int PublishAttempts { get; init; } = 4;

    /// <summary>First backoff between attempts; doubles each time (publishing, and handler retries across redeliveries).</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Entries per bulk publish request (the sidecar also caps bytes with <c>maxBulkPubBytes</c>).</summary>
    public int BulkPublishMaxEntries { get; init; } = 500;

    /// <summary>
    /// Deliveries of one event a handler may fail (answered RETRY) before CityMesh dead-letters it with the reason and
    /// answers DROP. Keep it below the sidecar's resiliency <c>maxRetries</c> + 1, or the sidecar dead-letters the bare
    /// event first.
    /// </summary>
    public int MaxDeliveryAttempts { get; init; } = 4;

    /// <summary>Event ids each subscriber remembers, so redeliveries are not handled twice.</summary>
    public int DedupeCapacity { get; init; } = 100_000;

    /// <summary>Path under which the sidecar delivers: <c>{RoutePrefix}/{topic}</c>.</summary>
    public string RoutePrefix { get; init; } = "/dapr/events";

    /// <summary>Extra subscription metadata sent in <c>/dapr/subscribe</c> (map of strings, as the runtime decodes it).</summary>
    public IReadOnlyDictionary<string, string> SubscriptionMetadata { get; init; } = new Dictionary<string, string>();

    public static DaprOptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var defaults = new DaprOptions();
        string? Get(string key, string env) => NonEmpty(section[key]) ?? NonEmpty(configuration[env]);

        var endpoint = Get("HttpEndpoint", "DAPR_HTTP_ENDPOINT");
        var port = NonEmpty(configuration["DAPR_HTTP_PORT"]) ?? "3500";
        var sidecar = endpoint ?? $"http://127.0.0.1:{port}";
        if (!Uri.TryCreate(sidecar, UriKind.Absolute, out var sidecarUri))
            throw new InvalidOperationException($"Dapr sidecar endpoint '{sidecar}' is not an absolute URI (DAPR_HTTP_ENDPOINT or DAPR_HTTP_PORT).");
        var grpc = Get("GrpcEndpoint", "DAPR_GRPC_ENDPOINT") ?? $"http://127.0.0.1:{NonEmpty(configuration["DAPR_GRPC_PORT"]) ?? "50001"}";
        if (!Uri.TryCreate(grpc, UriKind.Absolute, out var grpcUri))
            throw new InvalidOperationException($"Dapr gRPC endpoint '{grpc}' is not an absolute URI (DAPR_GRPC_ENDPOINT or DAPR_GRPC_PORT).");

        return defaults with
        {
            SidecarEndpoint = sidecarUri,
            GrpcEndpoint = grpcUri,
            PubSubName = NonEmpty(section["PubSubName"]) ?? defaults.PubSubName,
            ApiToken = Get("ApiToken", "DAPR_API_TOKEN"),
            AppApiToken = Get("AppApiToken", "APP_API_TOKEN"),
            BehindAnotherGuard = section.GetValue("BehindAnotherGuard", false),
            HealthTimeout = ParseTimeout(Get("HealthTimeout", "DAPR_HEALTH_TIMEOUT")) ?? defaults.HealthTimeout,
            PublishAttempts = section.GetValue("PublishAttempts", defaults.PublishAttempts),
            RetryBackoff = section.GetValue("RetryBackoff", defaults.RetryBackoff),
            BulkPublishMaxEntries = section.GetValue("BulkPublishMaxEntries", defaults.BulkPublishMaxEntries),
            MaxDeliveryAttempts = section.GetValue("MaxDeliveryAttempts", defaults.MaxDeliveryAttempts),
            DedupeCapacity = section.GetValue("DedupeCapacity", defaults.DedupeCapacity),
            SubscriptionMetadata = section.GetSection("SubscriptionMetadata").GetChildren()
                .Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value!),
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Seconds, as the Dapr SDKs read DAPR_HEALTH_TIMEOUT, or a TimeSpan such as 00:01:30.</summary>
    private static TimeSpan? ParseTimeout(string? value)
    {
        if (value is null) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            return TimeSpan.FromSeconds(seconds);
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero) return span;
        throw new InvalidOperationException($"DAPR_HEALTH_TIMEOUT '{value}' is neither seconds nor a time span.");
    }
}
