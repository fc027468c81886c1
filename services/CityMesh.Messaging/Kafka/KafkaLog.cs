using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CityMesh.Messaging.Kafka;

/// <summary>librdkafka's own log lines, sent to the host's logging instead of stderr.</summary>
internal static class KafkaLog
{
    public static void Write(ILogger logger, LogMessage m) =>
        logger.Log(Level(m.Level), "librdkafka {Facility} {Name}: {Message}", m.Facility, m.Name, m.Message);

    private static LogLevel Level(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
