using System.Globalization;
using CityMesh.Limits.Settings;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Messaging.Dapr;

/// <summary>
/// How CityMesh reaches its Dapr sidecar and how it subscribes: the section <c>CityMesh:Messaging:Dapr</c>, read the way
/// every module reads its settings (unknown keys refused, values checked at start), then, for what the section leaves
/// unset, the variables the sidecar injector sets (<c>DAPR_HTTP_ENDPOINT</c>, <c>DAPR_HTTP_PORT</c>,
/// <c>DAPR_GRPC_ENDPOINT</c>, <c>DAPR_GRPC_PORT</c>, <c>DAPR_API_TOKEN</c>, <c>APP_API_TOKEN</c>,
/// <c>DAPR_HEALTH_TIMEOUT</c>): <see cref="FromConfiguration"/>.
/// </summary>
public sealed record DaprOptions : ISettings<DaprOptions>
{
    public const string SectionName = "CityMesh:Messaging:Dapr";

    static string ISettings<DaprOptions>.Section => SectionName;

    private static readonly Uri DefaultHttp = new("http://127.0.0.1:3500");
    private static readonly Uri DefaultGrpc = new("http://127.0.0.1:50001");
    private static readonly TimeSpan DefaultHealthTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The sidecar's HTTP API, e.g. <c>http://127.0.0.1:3500</c>; unset: <c>DAPR_HTTP_ENDPOINT</c>, else port <c>DAPR_HTTP_PORT</c>.</summary>
    public Uri? HttpEndpoint { get; init; }

    /// <summary>The sidecar's gRPC API, e.g. <c>http://127.0.0.1:50001</c>; unset: <c>DAPR_GRPC_ENDPOINT</c>, else port <c>DAPR_GRPC_PORT</c>.</summary>
    public Uri? GrpcEndpoint { get; init; }

    /// <summary>Where <c>DaprClient</c> asks the sidecar's outbound health.</summary>
    public Uri SidecarEndpoint => HttpEndpoint ?? DefaultHttp;

    /// <summary>Where <c>DaprClient</c> publishes.</summary>
    public Uri SidecarGrpcEndpoint => GrpcEndpoint ?? DefaultGrpc;

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

    /// <summary>How long start-up waits for <c>/v1.0/healthz/outbound</c>; unset: <c>DAPR_HEALTH_TIMEOUT</c> (seconds), else 60 s as the SDK.</summary>
    public TimeSpan? HealthTimeout { get; init; }

    /// <summary>What start-up waits for the sidecar.</summary>
    public TimeSpan HealthWait => HealthTimeout ?? DefaultHealthTimeout;

    /// <summary>Attempts for one publish call when the sidecar fails it transiently (Internal, Unavailable, ...) or cannot be reached.</summary>
    public int PublishAttempts { get; init; } = 4;

    /// <summary>First backoff between attempts; doubles each time (publishing, and handler retries across redeliveries).</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Entries per bulk publish request (the sidecar also caps bytes with <c>maxBulkPubBytes</c>).</summary>
    public int BulkPublishMaxEntries { get; init; } = 500;

    /// <summary>About how many bytes of envelopes one bulk publish call carries; keep it under the sidecar's body limit (4 MiB by default).</summary>
    public int BulkPublishMaxBytes { get; init; } = 3 * 1024 * 1024;

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
    public Dictionary<string, string> SubscriptionMetadata { get; init; } = [];

    /// <summary>The section, then the sidecar injector's variables for what it leaves unset.</summary>
    /// <exception cref="InvalidOperationException">A setting or variable is unusable; the message names it.</exception>
    public static DaprOptions FromConfiguration(IConfiguration configuration)
    {
        var settings = configuration.ReadSettings<DaprOptions>();
        return settings with
        {
            HttpEndpoint = settings.HttpEndpoint ?? Endpoint(configuration, "DAPR_HTTP_ENDPOINT", "DAPR_HTTP_PORT", DefaultHttp),
            GrpcEndpoint = settings.GrpcEndpoint ?? Endpoint(configuration, "DAPR_GRPC_ENDPOINT", "DAPR_GRPC_PORT", DefaultGrpc),
            ApiToken = NonEmpty(settings.ApiToken) ?? NonEmpty(configuration["DAPR_API_TOKEN"]),
            AppApiToken = NonEmpty(settings.AppApiToken) ?? NonEmpty(configuration["APP_API_TOKEN"]),
            HealthTimeout = settings.HealthTimeout ?? ParseTimeout(NonEmpty(configuration["DAPR_HEALTH_TIMEOUT"])),
        };
    }

    public DaprOptions Validated()
    {
        foreach (var (key, endpoint) in new[] { ("HttpEndpoint", HttpEndpoint), ("GrpcEndpoint", GrpcEndpoint) })
        {
            if (endpoint is not null && !ServiceUrls.IsHttp(endpoint))
                throw Invalid(key, endpoint, "an http or https URL such as http://127.0.0.1:3500");
        }
        if (string.IsNullOrWhiteSpace(PubSubName)) throw Invalid(nameof(PubSubName), PubSubName, "the pub/sub component's name");
        if (HealthTimeout < TimeSpan.Zero) throw Invalid(nameof(HealthTimeout), HealthTimeout, "0 or more");
        if (PublishAttempts < 1) throw Invalid(nameof(PublishAttempts), PublishAttempts, "at least 1");
        if (RetryBackoff < TimeSpan.Zero) throw Invalid(nameof(RetryBackoff), RetryBackoff, "0 or more");
        if (BulkPublishMaxEntries < 1) throw Invalid(nameof(BulkPublishMaxEntries), BulkPublishMaxEntries, "at least 1");
        if (BulkPublishMaxBytes < 1024) throw Invalid(nameof(BulkPublishMaxBytes), BulkPublishMaxBytes, "at least 1024");
        if (MaxDeliveryAttempts < 1) throw Invalid(nameof(MaxDeliveryAttempts), MaxDeliveryAttempts, "at least 1");
        if (DedupeCapacity < 1) throw Invalid(nameof(DedupeCapacity), DedupeCapacity, "at least 1");
        if (!RoutePrefix.StartsWith('/')) throw Invalid(nameof(RoutePrefix), RoutePrefix, "a path starting with /");
        return this;
    }

    private static InvalidOperationException Invalid(string key, object? value, string rule) => new($"{SectionName}:{key} is '{value}'; it must be {rule}.");

    private static Uri Endpoint(IConfiguration configuration, string endpointVariable, string portVariable, Uri fallback)
    {
        var text = NonEmpty(configuration[endpointVariable]) ?? (NonEmpty(configuration[portVariable]) is { } port ? $"http://127.0.0.1:{port}" : null);
        if (text is null) return fallback;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && ServiceUrls.IsHttp(uri)
            ? uri
            : throw new InvalidOperationException($"the Dapr sidecar's address '{text}' ({endpointVariable} or {portVariable}) is not an http or https URL.");
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
