namespace CityMesh.Messaging.Dapr;

/// <summary>The app's answer for one delivered event (PROTOCOLS.md 1.3), written as Dapr's SUCCESS / RETRY / DROP.</summary>
public enum DaprDeliveryStatus
{
    /// <summary>Handled (or a repeat of one already handled): the sidecar acks it.</summary>
    Success,

    /// <summary>Failed for now: the sidecar's resiliency policy redelivers it, then sends it to the dead-letter topic.</summary>
    Retry,

    /// <summary>Can never be handled; CityMesh has already dead-lettered it with the reason.</summary>
    Drop,
}
