namespace CityMesh.Messaging.Kafka;

/// <summary>Headers a Kafka dead letter carries besides its CloudEvent attributes.</summary>
public static class DeadLetterHeaders
{
    public const string Reason = "citymesh-dlq-reason";
    public const string Error = "citymesh-dlq-error";
    public const string Subscriber = "citymesh-dlq-subscriber";
    public const string Topic = "citymesh-dlq-topic";
    public const string Partition = "citymesh-dlq-partition";
    public const string Offset = "citymesh-dlq-offset";
}
