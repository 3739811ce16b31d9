using System.Text.Json;
using ReviewQueue.Core.Events;
using StackExchange.Redis;

namespace ReviewQueue.App.Live;

/// <summary>
/// Queue changes shared between nodes through a Redis channel. A change made here reaches this
/// node's subscribers at once and the other nodes through Redis, where it arrives marked
/// <see cref="QueueChange.Remote"/>; a node ignores its own messages coming back.
/// </summary>
public sealed partial class RedisQueueEvents(
    IConnectionMultiplexer redis,
    InProcessQueueEvents local,
    ILogger<RedisQueueEvents> logger) : IQueueEvents, IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("reviewqueue:queue-changes");

    private readonly string _node = Guid.NewGuid().ToString("N");

    public int SubscriptionCount => local.SubscriptionCount;

    public void Publish(QueueChange change)
    {
        local.Publish(change);

        var message = JsonSerializer.Serialize(new Envelope(_node, change));
        redis.GetSubscriber().PublishAsync(Channel, message, CommandFlags.FireAndForget);
    }

    public IDisposable Subscribe(Action<QueueChange> handler) => local.Subscribe(handler);

    public async Task StartAsync(CancellationToken cancellationToken) =>
        await redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => Receive(message));

    public Task StopAsync(CancellationToken cancellationToken) =>
        redis.GetSubscriber().UnsubscribeAsync(Channel);

    private void Receive(RedisValue message)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(message.ToString());
            if (envelope is null || envelope.Node == _node)
                return;

            local.Publish(envelope.Change with { Remote = true });
        }
        catch (JsonException ex)
        {
            LogBadMessage(ex);
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Ignored a malformed queue change from Redis")]
    private partial void LogBadMessage(Exception ex);

    private sealed record Envelope(string Node, QueueChange Change);
}
