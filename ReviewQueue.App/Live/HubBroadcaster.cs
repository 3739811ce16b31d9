using Microsoft.AspNetCore.SignalR;
using ReviewQueue.Core.Events;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.App.Live;

/// <summary>
/// Pushes <c>QueueProgress</c> to the hub's subscribers when a queue changes. Changes are gathered
/// per queue for a short window, so a burst costs one progress query and one message per queue.
/// Only changes made on this node are sent: with the Redis backplane, SignalR itself carries the
/// message to the clients of every other node.
/// </summary>
public sealed partial class HubBroadcaster(
    IQueueEvents events,
    QueueService queues,
    IHubContext<ReviewHub> hub,
    TimeProvider clock,
    ILogger<HubBroadcaster> logger) : IHostedService
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private readonly HashSet<long> _pending = [];
    private IDisposable? _subscription;
    private bool _scheduled;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = events.Subscribe(OnChange);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private void OnChange(QueueChange change)
    {
        if (change.Remote)
            return;

        lock (_gate)
        {
            _pending.Add(change.QueueId);
            if (_scheduled)
                return;

            _scheduled = true;
        }

        _ = FlushAsync();
    }

    private async Task FlushAsync()
    {
        await Task.Delay(Window, clock);

        long[] batch;
        lock (_gate)
        {
            batch = [.. _pending];
            _pending.Clear();
            _scheduled = false;
        }

        foreach (var queueId in batch)
        {
            try
            {
                var queue = await queues.SnapshotForSubscribersAsync(queueId);
                if (queue is not null)
                    await hub.Clients.Group(ReviewHub.Group(queueId))
                        .SendAsync(ReviewHub.ProgressMethod, QueueProgressMessage.From(queue));
            }
            catch (Exception ex)
            {
                // A failed push must not stop the next one; subscribers get the next change.
                LogPushFailed(ex, queueId);
            }
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Could not push progress of queue {QueueId}")]
    private partial void LogPushFailed(Exception ex, long queueId);
}
