namespace CityMesh.Messaging;

/// <summary>The topics modules publish to (ARCHITECTURE.md, Messaging).</summary>
public static class Topics
{
    public const string TelemetryRaw = "telemetry.raw";
    public const string TwinChanged = "twin.changed";
    public const string ActionsProposed = "actions.proposed";
    public const string ActionsDecided = "actions.decided";
    public const string ScenarioResults = "scenario.results";

    /// <summary>A domain's detections and forecasts: <c>transport.events</c>, <c>health.events</c>, ...</summary>
    public static string DomainEvents(string domain) => domain + ".events";

    /// <summary>Where messages a consumer could not handle go, with the reason.</summary>
    public static string DeadLetter(string topic) => topic + ".dlq";
}
