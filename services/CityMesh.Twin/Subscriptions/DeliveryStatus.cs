namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// How a subscription's notifications fared (clause 5.2.14's status members): every attempt counts in
/// <see cref="TimesSent"/>, a failed one also in <see cref="TimesFailed"/>. <see cref="ConsecutiveErrors"/> and
/// <see cref="LastFailureReason"/> are CityMesh's, so a client sees why its endpoint is failing.
/// </summary>
public sealed record DeliveryStatus
{
    public static readonly DeliveryStatus None = new();

    public long TimesSent { get; init; }
    public long TimesFailed { get; init; }
    public DateTimeOffset? LastNotification { get; init; }
    public DateTimeOffset? LastSuccess { get; init; }
    public DateTimeOffset? LastFailure { get; init; }
    public int ConsecutiveErrors { get; init; }
    public string? LastFailureReason { get; init; }

    /// <summary>ok or failed (the last attempt's outcome); null before the first.</summary>
    public string? State => LastNotification is null ? null : ConsecutiveErrors == 0 ? "ok" : "failed";

    public DeliveryStatus After(DeliveryAttempt attempt) => attempt.Error is null
        ? this with { TimesSent = TimesSent + 1, LastNotification = attempt.At, LastSuccess = attempt.At, ConsecutiveErrors = 0 }
        : this with
        {
            TimesSent = TimesSent + 1,
            TimesFailed = TimesFailed + 1,
            LastNotification = attempt.At,
            LastFailure = attempt.At,
            ConsecutiveErrors = ConsecutiveErrors + 1,
            LastFailureReason = attempt.Error,
        };
}

/// <summary>One attempt to deliver a notification: when, and why it failed (null: the receiver took it).</summary>
public sealed record DeliveryAttempt(DateTimeOffset At, string? Error);
