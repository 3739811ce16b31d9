using System.Text.Json;
using StackExchange.Redis;

namespace ReviewQueue.App.Live;

/// <summary>
/// Shares presence between nodes through Redis: a node publishes a queue's reviewers when they
/// change here, and all of its queues every <see cref="Heartbeat"/>; what another node said is
/// forgotten after three heartbeats without news, so a node that dies leaves no ghosts.
/// </summary>
public sealed partial class RedisPresenceRelay(
    IConnectionMultiplexer redis,
    PresenceTracker presence,
    TimeProvider clock,
    ILogger<RedisPresenceRelay> logger) : BackgroundService
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2);

    private static readonly RedisChannel Channel = RedisChannel.Literal("reviewqueue:presence");

    private readonly string _node = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(Channel, (_, message) => Receive(message));
        using var local = presence.SubscribeLocal((projectId, queueId) =>
            Send(projectId, queueId, presence.LocalReviewers(queueId)));

        using var timer = new PeriodicTimer(Heartbeat, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var (projectId, queueId, entries) in presence.LocalSnapshot())
                    Send(projectId, queueId, entries);

                presence.ForgetRemoteSeenBefore(clock.GetUtcNow().UtcDateTime - 3 * Heartbeat);
            }
        }
        finally
        {
            await subscriber.UnsubscribeAsync(Channel);
        }
    }

    private void Send(long projectId, long queueId, IReadOnlyList<PresenceEntry> entries)
    {
        var message = JsonSerializer.Serialize(new Report(_node, projectId, queueId, [.. entries]));
        redis.GetSubscriber().PublishAsync(Channel, message, CommandFlags.FireAndForget);
    }

    private void Receive(RedisValue message)
    {
        try
        {
            var report = JsonSerializer.Deserialize<Report>(message.ToString());
            if (report is null || report.Node == _node)
                return;

            presence.ApplyRemote(report.Node, report.ProjectId, report.QueueId, report.Entries,
                clock.GetUtcNow().UtcDateTime);
        }
        catch (JsonException ex)
        {
            LogBadMessage(ex);
        }
    }

    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning,
        Message = "Ignored a malformed presence report from Redis")]
    private partial void LogBadMessage(Exception ex);

    private sealed record Report(string Node, long ProjectId, long QueueId, PresenceEntry[] Entries);
}
