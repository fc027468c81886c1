using Dapr;
using Dapr.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Primitives;

namespace CityMesh.Messaging.Dapr;

/// <summary>
/// One delivery endpoint per subscribed topic, carrying Dapr.AspNetCore's topic metadata (<c>WithTopic</c> with the
/// dead-letter topic, <c>WithBulkSubscribe</c> when a batch subscriber wants batches), which <c>MapSubscribeHandler</c>
/// announces. Modules subscribe while the host starts, after the endpoints were mapped, so this source changes as
/// topics gain their first subscriber or lose their last.
/// </summary>
internal sealed class DaprTopicEndpoints : EndpointDataSource
{
    private readonly DaprEventBus _bus;
    private readonly DaprOptions _options;
    private readonly Func<HttpContext, string, Task> _deliver;
    private readonly Lock _gate = new();
    private IReadOnlyList<Endpoint> _endpoints = [];
    private CancellationTokenSource _changed = new();

    public DaprTopicEndpoints(DaprEventBus bus, DaprOptions options, Func<HttpContext, string, Task> deliver)
    {
        _bus = bus;
        _options = options;
        _deliver = deliver;
        bus.TopicsChanged += Rebuild;
        Rebuild();
    }

    public override IReadOnlyList<Endpoint> Endpoints => Volatile.Read(ref _endpoints);

    public override IChangeToken GetChangeToken()
    {
        lock (_gate) return new CancellationChangeToken(_changed.Token);
    }

    private void Rebuild()
    {
        CancellationTokenSource previous;
        lock (_gate)
        {
            Volatile.Write(ref _endpoints, [.. _bus.SubscribedTopics().Select(Build)]);
            previous = _changed;
            _changed = new CancellationTokenSource();
        }
        previous.Cancel();
        previous.Dispose();
    }

    private RouteEndpoint Build(DaprTopic topic)
    {
        var builder = new RouteEndpointBuilder(context => _deliver(context, topic.Name), RoutePatternFactory.Parse(_bus.Route(topic.Name)), order: 0)
        {
            DisplayName = $"Dapr delivery of {topic.Name}",
        };
        var conventions = new Conventions(builder);
        conventions.WithMetadata(new HttpMethodMetadata(["POST"]), new ExcludeFromDescriptionAttribute());
        conventions.WithTopic(new TopicOptions
        {
            PubsubName = _options.PubSubName,
            Name = topic.Name,
            DeadLetterTopic = Topics.DeadLetter(topic.Name),
            Metadata = _options.SubscriptionMetadata.Count == 0 ? null! : new Dictionary<string, string>(_options.SubscriptionMetadata),
        });
        if (topic.Batching is { } batching)
            conventions.WithBulkSubscribe(new BulkSubscribeTopicOptions
            {
                TopicName = topic.Name,
                MaxMessagesCount = batching.MaxMessagesCount,
                MaxAwaitDurationMs = batching.MaxAwaitDurationMs,
            });
        return (RouteEndpoint)builder.Build();
    }

    /// <summary>Applies the SDK's conventions to an endpoint built here rather than by <c>Map*</c>.</summary>
    private sealed class Conventions(EndpointBuilder builder) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention) => convention(builder);
    }
}
