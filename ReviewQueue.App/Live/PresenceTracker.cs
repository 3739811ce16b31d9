using System.Collections.Concurrent;

namespace ReviewQueue.App.Live;

/// <summary>Someone looking at a queue in sequential mode.</summary>
public sealed record PresenceEntry(string PrincipalId, string DisplayName);

/// <summary>
/// Who is reviewing which queue now. A sequential-mode view joins when it opens and disposes its
/// ticket when it closes (Blazor disposes the component when the tab closes and the circuit
/// ends), so presence goes within seconds of leaving. With several nodes, <see cref="RedisPresenceRelay"/>
/// shares each node's own reviewers and feeds the others' in through <see cref="ApplyRemote"/>.
/// </summary>
public sealed class PresenceTracker
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<Guid, PresenceEntry>> _byQueue = new();
    private readonly ConcurrentDictionary<(string Node, long QueueId), RemotePresence> _remote = new();
    private readonly ConcurrentDictionary<long, long> _projectOf = new();
    private readonly Lock _gate = new();
    private Action<long, long>[] _handlers = [];
    private Action<long, long>[] _localHandlers = [];

    /// <summary>Number of open tickets, all queues together; for tests and diagnostics.</summary>
    public int TicketCount => _byQueue.Values.Sum(q => q.Count);

    public IDisposable Join(long projectId, long queueId, string principalId, string displayName)
    {
        var ticket = Guid.NewGuid();
        _projectOf[queueId] = projectId;
        _byQueue.GetOrAdd(queueId, _ => new ConcurrentDictionary<Guid, PresenceEntry>())[ticket] =
            new PresenceEntry(principalId, displayName);
        RaiseLocal(projectId, queueId);
        return new Ticket(this, projectId, queueId, ticket);
    }

    /// <summary>The people on a queue now, on any node, each once however many tabs they have open.</summary>
    public IReadOnlyList<PresenceEntry> Reviewers(long queueId)
    {
        var local = _byQueue.TryGetValue(queueId, out var tickets) ? tickets.Values : [];
        var remote = _remote.Where(r => r.Key.QueueId == queueId).SelectMany(r => r.Value.Entries);
        return local.Concat(remote)
            .DistinctBy(p => p.PrincipalId)
            .OrderBy(p => p.DisplayName, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>This node's own reviewers by queue, for sharing with other nodes.</summary>
    public IReadOnlyList<(long ProjectId, long QueueId, PresenceEntry[] Entries)> LocalSnapshot() =>
        _byQueue.Select(q => (_projectOf.GetValueOrDefault(q.Key), q.Key,
                q.Value.Values.DistinctBy(p => p.PrincipalId).ToArray()))
            .ToList();

    public IReadOnlyList<PresenceEntry> LocalReviewers(long queueId) =>
        _byQueue.TryGetValue(queueId, out var tickets) ? [.. tickets.Values.DistinctBy(p => p.PrincipalId)] : [];

    /// <summary>What another node reports for one of its queues; an empty list clears it.</summary>
    public void ApplyRemote(string node, long projectId, long queueId, PresenceEntry[] entries, DateTime seenAt)
    {
        var key = (node, queueId);
        var changed = entries.Length == 0
            ? _remote.TryRemove(key, out _)
            : !_remote.TryGetValue(key, out var before) || !before.Entries.SequenceEqual(entries);
        if (entries.Length > 0)
            _remote[key] = new RemotePresence(projectId, entries, seenAt);
        if (changed)
            Raise(projectId, queueId);
    }

    /// <summary>Forgets what nodes that stopped reporting said; a node that died leaves no ghosts.</summary>
    public void ForgetRemoteSeenBefore(DateTime cutoff)
    {
        foreach (var (key, presence) in _remote)
        {
            if (presence.SeenAt < cutoff && _remote.TryRemove(key, out _))
                Raise(presence.ProjectId, key.QueueId);
        }
    }

    /// <summary>
    /// Calls the handler with (projectId, queueId) when someone joins or leaves a queue on this node.
    /// </summary>
    public IDisposable SubscribeLocal(Action<long, long> handler)
    {
        lock (_gate)
            _localHandlers = [.. _localHandlers, handler];

        return new Unsubscriber(() =>
        {
            lock (_gate)
                _localHandlers = [.. _localHandlers.Where(h => h != handler)];
        });
    }

    /// <summary>Calls the handler with (projectId, queueId) whenever someone joins or leaves a queue.</summary>
    public IDisposable Subscribe(Action<long, long> handler)
    {
        lock (_gate)
            _handlers = [.. _handlers, handler];

        return new Unsubscriber(() => Unsubscribe(handler));
    }

    private void Leave(long projectId, long queueId, Guid ticket)
    {
        if (_byQueue.TryGetValue(queueId, out var tickets) && tickets.TryRemove(ticket, out _))
            RaiseLocal(projectId, queueId);
    }

    private void RaiseLocal(long projectId, long queueId)
    {
        Raise(projectId, queueId);
        foreach (var handler in Volatile.Read(ref _localHandlers))
            handler(projectId, queueId);
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

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                unsubscribe();
        }
    }

    private sealed record RemotePresence(long ProjectId, PresenceEntry[] Entries, DateTime SeenAt);
}
