using System.Collections.Concurrent;

namespace ReviewQueue.App.Live;

/// <summary>Someone looking at a queue in sequential mode.</summary>
public sealed record PresenceEntry(string PrincipalId, string DisplayName);

/// <summary>
/// Who is reviewing which queue now, on this node. A sequential-mode view joins when it opens and
/// disposes its ticket when it closes (Blazor disposes the component when the tab closes and the
/// circuit ends), so presence goes within seconds of leaving.
/// </summary>
public sealed class PresenceTracker
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<Guid, PresenceEntry>> _byQueue = new();
    private readonly Lock _gate = new();
    private Action<long, long>[] _handlers = [];

    /// <summary>Number of open tickets, all queues together; for tests and diagnostics.</summary>
    public int TicketCount => _byQueue.Values.Sum(q => q.Count);

    public IDisposable Join(long projectId, long queueId, string principalId, string displayName)
    {
        var ticket = Guid.NewGuid();
        _byQueue.GetOrAdd(queueId, _ => new ConcurrentDictionary<Guid, PresenceEntry>())[ticket] =
            new PresenceEntry(principalId, displayName);
        Raise(projectId, queueId);
        return new Ticket(this, projectId, queueId, ticket);
    }

    /// <summary>The people on a queue now, each once however many tabs they have open.</summary>
    public IReadOnlyList<PresenceEntry> Reviewers(long queueId) =>
        _byQueue.TryGetValue(queueId, out var tickets)
            ? tickets.Values.DistinctBy(p => p.PrincipalId).OrderBy(p => p.DisplayName, StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Calls the handler with (projectId, queueId) whenever someone joins or leaves a queue.</summary>
    public IDisposable Subscribe(Action<long, long> handler)
    {
        lock (_gate)
            _handlers = [.. _handlers, handler];

        return new Unsubscriber(this, handler);
    }

    private void Leave(long projectId, long queueId, Guid ticket)
    {
        if (_byQueue.TryGetValue(queueId, out var tickets) && tickets.TryRemove(ticket, out _))
            Raise(projectId, queueId);
    }

    private void Raise(long projectId, long queueId)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
            handler(projectId, queueId);
    }

    private void Unsubscribe(Action<long, long> handler)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_handlers, handler);
            if (index >= 0)
                _handlers = [.. _handlers[..index], .. _handlers[(index + 1)..]];
        }
    }

    private sealed class Ticket(PresenceTracker owner, long projectId, long queueId, Guid ticket) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Leave(projectId, queueId, ticket);
        }
    }

    private sealed class Unsubscriber(PresenceTracker owner, Action<long, long> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Unsubscribe(handler);
        }
    }
}
