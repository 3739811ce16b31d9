using ReviewQueue.Core.Events;

namespace ReviewQueue.App.Live;

/// <summary>
/// What Blazor views subscribe to: the queue changes of one project (or one queue), coalesced so
/// that a burst (10,000 items added, many reviewers submitting at once) becomes one callback per
/// <see cref="Window"/> with the set of queues that changed. Presence changes arrive the same way.
/// </summary>
public sealed class QueueLiveFeed(IQueueEvents events, PresenceTracker presence, TimeProvider clock)
{
    /// <summary>How long changes are gathered before a view is told; well inside the one-second promise.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// Calls <paramref name="onChanged"/> with the ids of the queues that changed. A view passes a
    /// callback that marshals with <c>InvokeAsync</c>, and disposes the subscription in its Dispose.
    /// </summary>
    public IDisposable Subscribe(long projectId, long? queueId, Func<IReadOnlyCollection<long>, Task> onChanged)
    {
        var subscription = new Subscription(projectId, queueId, onChanged, clock);
        subscription.Attach(
            events.Subscribe(subscription.OnQueueChange),
            presence.Subscribe(subscription.OnPresenceChange));
        return subscription;
    }

    private sealed class Subscription(
        long projectId,
        long? queueId,
        Func<IReadOnlyCollection<long>, Task> onChanged,
        TimeProvider clock) : IDisposable
    {
        private readonly Lock _gate = new();
        private HashSet<long> _pending = [];
        private bool _scheduled;
        private bool _disposed;
        private IDisposable? _events;
        private IDisposable? _presence;

        public void Attach(IDisposable queueEvents, IDisposable presenceEvents)
        {
            _events = queueEvents;
            _presence = presenceEvents;
        }

        public void OnQueueChange(QueueChange change)
        {
            if (change.ProjectId == projectId && (queueId is null || change.QueueId == queueId))
                Enqueue(change.QueueId);
        }

        public void OnPresenceChange(long changedProjectId, long changedQueueId)
        {
            if (changedProjectId == projectId && (queueId is null || changedQueueId == queueId))
                Enqueue(changedQueueId);
        }

        public void Dispose()
        {
            lock (_gate)
                _disposed = true;

            _events?.Dispose();
            _presence?.Dispose();
        }

        private void Enqueue(long changedQueueId)
        {
            lock (_gate)
            {
                if (_disposed)
                    return;

                _pending.Add(changedQueueId);
                if (_scheduled)
                    return;

                _scheduled = true;
            }

            _ = FlushAfterWindowAsync();
        }

        private async Task FlushAfterWindowAsync()
        {
            await Task.Delay(Window, clock);

            HashSet<long> batch;
            lock (_gate)
            {
                _scheduled = false;
                if (_disposed)
                    return;

                batch = _pending;
                _pending = [];
            }

            // The view's own callback reports its errors to its circuit (DispatchExceptionAsync).
            await onChanged(batch);
        }
    }
}
