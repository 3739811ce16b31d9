using Microsoft.Extensions.Logging;

namespace ReviewQueue.Core.Events;

/// <summary>What changed in a queue.</summary>
public enum QueueChangeKind
{
    Created,
    Updated,
    Archived,
    Restored,
    Deleted,
    ItemsAdded,
    ItemClaimed,
    ItemReleased,
    ItemSubmitted,
    ItemSkipped,
    ItemReopened,
    ItemsReset,
    ItemsRemoved,
    LeasesLapsed,
    Exported,
}

/// <summary>
/// A change to one queue, raised by Core after the change is committed. <see cref="Remote"/> is
/// true when the change was made on another node and arrived through a shared transport.
/// </summary>
public sealed record QueueChange(long ProjectId, long QueueId, QueueChangeKind Kind, DateTime At, bool Remote = false);

/// <summary>
/// The transport of queue changes: Core publishes, views subscribe. The in-process
/// implementation serves one node; a Redis one carries the same events between nodes.
/// </summary>
public interface IQueueEvents
{
    /// <summary>How many subscriptions are live now; a view that forgets to unsubscribe shows up here.</summary>
    int SubscriptionCount { get; }

    void Publish(QueueChange change);

    /// <summary>Handlers run on the publisher's thread and must hand work off quickly.</summary>
    IDisposable Subscribe(Action<QueueChange> handler);
}

/// <summary>Delivers queue changes to the subscribers of this process.</summary>
public sealed partial class InProcessQueueEvents(ILogger<InProcessQueueEvents> logger) : IQueueEvents
{
    private readonly Lock _gate = new();
    private Action<QueueChange>[] _handlers = [];

    public int SubscriptionCount => Volatile.Read(ref _handlers).Length;

    public void Publish(QueueChange change)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(change);
            }
            catch (Exception ex)
            {
                // One broken view must not stop the others from hearing about the change.
                LogHandlerFailed(ex, change.QueueId, change.Kind);
            }
        }
    }

    public IDisposable Subscribe(Action<QueueChange> handler)
    {
        lock (_gate)
            _handlers = [.. _handlers, handler];

        return new Subscription(this, handler);
    }

    private void Unsubscribe(Action<QueueChange> handler)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_handlers, handler);
            if (index >= 0)
                _handlers = [.. _handlers[..index], .. _handlers[(index + 1)..]];
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "A subscriber failed on change {Kind} of queue {QueueId}")]
    private partial void LogHandlerFailed(Exception ex, long queueId, QueueChangeKind kind);

    private sealed class Subscription(InProcessQueueEvents owner, Action<QueueChange> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Unsubscribe(handler);
        }
    }
}
