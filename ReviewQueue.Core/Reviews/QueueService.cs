using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Events;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Projects;

namespace ReviewQueue.Core.Reviews;

/// <summary>Creating and running review queues: everything an admin does to a queue as a whole.</summary>
public sealed partial class QueueService(
    IDbContextFactory<AppDbContext> dbs,
    IQueueEvents events,
    TimeProvider clock,
    ILogger<QueueService> logger)
{
    public async Task<Result<IReadOnlyList<QueueView>>> ListAsync(Caller caller, long projectId,
        CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var access = await ProjectAccess.CheckAsync(db, caller, projectId, Permission.ViewQueues,
            $"Project {projectId} was not found.", ct);
        if (!access.IsSuccess)
            return access.Error!;

        var queues = await db.Queues.AsNoTracking()
            .Where(q => q.ProjectId == projectId)
            .OrderBy(q => q.Status == QueueStatus.ARCHIVED).ThenByDescending(q => q.CreatedAt)
            .ToListAsync(ct);
        var progress = await QueueStore.ProgressAsync(db, queues.Select(q => q.Id).ToList(), ct);

        return queues.Select(q => QueueStore.ToView(q, progress[q.Id])).ToList();
    }

    public async Task<Result<QueueView>> GetAsync(Caller caller, long queueId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var loaded = await QueueStore.LoadAsync(db, caller, queueId, Permission.ViewQueues, ct);
        if (!loaded.IsSuccess)
            return loaded.Error!;

        var queue = loaded.Ok.Queue;
        return QueueStore.ToView(queue, await QueueStore.ProgressAsync(db, queue.Id, ct));
    }

    /// <summary>
    /// The queue as it is now, with no caller: only for pushing progress to subscribers whose
    /// access was checked when they subscribed (the hub checks with <see cref="GetAsync"/>).
    /// Null when the queue is gone.
    /// </summary>
    public async Task<QueueView?> SnapshotForSubscribersAsync(long queueId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var queue = await db.Queues.AsNoTracking().FirstOrDefaultAsync(q => q.Id == queueId, ct);
        return queue is null ? null : QueueStore.ToView(queue, await QueueStore.ProgressAsync(db, queue.Id, ct));
    }

    public async Task<Result<QueueView>> CreateAsync(Caller caller, long projectId, string? name,
        string? description, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var access = await ProjectAccess.CheckAsync(db, caller, projectId, Permission.CreateQueues,
            $"Project {projectId} was not found.", ct);
        if (!access.IsSuccess)
            return access.Error!;

        var created = Queue.Create(projectId, name, description, caller, clock.GetUtcNow().UtcDateTime);
        if (!created.IsSuccess)
            return created.Error!;

        var queue = created.Ok;
        var taken = await NameTakenAsync(db, projectId, queue.Name, exceptQueueId: null, ct);
        if (taken is not null)
            return taken;

        db.Queues.Add(queue);
        var saved = await QueueStore.SaveAndFollowAsync(db, queue, queue.CreatedAt, NameTakenMessage(queue.Name), ct);
        if (!saved.IsSuccess)
            return saved.Error!;
        await tx.CommitAsync(ct);

        LogQueueCreated(queue.Id, queue.Name, projectId, caller.PrincipalId);
        Publish(queue, QueueChangeKind.Created);
        return QueueStore.ToView(queue, QueueProgress.Empty);
    }

    /// <summary>Renames a queue or changes its description; a null argument leaves that field as it is.</summary>
    public async Task<Result<QueueView>> UpdateAsync(Caller caller, long queueId, string? name, string? description,
        CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var loaded = await QueueStore.LoadAsync(db, caller, queueId, Permission.ManageQueues, ct);
        if (!loaded.IsSuccess)
            return loaded.Error!;

        var queue = loaded.Ok.Queue;
        var writable = queue.EnsureWritable("renaming");
        if (!writable.IsSuccess)
            return writable.Error!;

        if (name is not null)
        {
            var taken = await NameTakenAsync(db, queue.ProjectId, name, queue.Id, ct);
            if (taken is not null)
                return taken;
        }

        var updated = queue.Update(name, description ?? queue.Description, clock.GetUtcNow().UtcDateTime);
        if (!updated.IsSuccess)
            return updated.Error!;

        var saved = await QueueStore.SaveAndFollowAsync(db, queue, queue.UpdatedAt,
            NameTakenMessage(name ?? queue.Name), ct);
        if (!saved.IsSuccess)
            return saved.Error!;
        await tx.CommitAsync(ct);

        Publish(queue, QueueChangeKind.Updated);
        return QueueStore.ToView(queue, await QueueStore.ProgressAsync(db, queue.Id, ct));
    }

    public Task<Result<QueueView>> ArchiveAsync(Caller caller, long queueId, CancellationToken ct = default) =>
        ChangeStatusAsync(caller, queueId, QueueChangeKind.Archived, ct);

    public Task<Result<QueueView>> RestoreAsync(Caller caller, long queueId, CancellationToken ct = default) =>
        ChangeStatusAsync(caller, queueId, QueueChangeKind.Restored, ct);

    /// <summary>Deletes the queue and its items; annotations and exported dataset items stay.</summary>
    public async Task<Result> DeleteAsync(Caller caller, long queueId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var loaded = await QueueStore.LoadAsync(db, caller, queueId, Permission.ManageQueues, ct);
        if (!loaded.IsSuccess)
            return loaded.Error!;

        var queue = loaded.Ok.Queue;

        // The database cascades to items and their history and clears the annotations' links.
        await db.Queues.Where(q => q.Id == queueId).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);

        LogQueueDeleted(queue.Id, queue.Name, caller.PrincipalId);
        Publish(queue, QueueChangeKind.Deleted);
        return Result.Success();
    }

    private async Task<Result<QueueView>> ChangeStatusAsync(Caller caller, long queueId, QueueChangeKind kind,
        CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var loaded = await QueueStore.LoadAsync(db, caller, queueId, Permission.ManageQueues, ct);
        if (!loaded.IsSuccess)
            return loaded.Error!;

        var queue = loaded.Ok.Queue;
        var now = clock.GetUtcNow().UtcDateTime;
        var progress = await QueueStore.ProgressAsync(db, queue.Id, ct);
        var changed = kind == QueueChangeKind.Archived
            ? queue.Archive(now)
            : queue.Restore(progress.Total, progress.HasOpenItems, now);
        if (!changed.IsSuccess)
            return changed.Error!;

        var saved = await QueueStore.SaveAndFollowAsync(db, queue, now,
            "The queue changed meanwhile; reload and try again.", ct);
        if (!saved.IsSuccess)
            return saved.Error!;
        await tx.CommitAsync(ct);

        LogQueueStatusChanged(queue.Id, queue.Status, caller.PrincipalId);
        Publish(queue, kind);
        return QueueStore.ToView(queue, progress);
    }

    private static async Task<Error?> NameTakenAsync(AppDbContext db, long projectId, string name,
        long? exceptQueueId, CancellationToken ct)
    {
        var normalized = Queue.Normalize(name);
        var taken = await db.Queues.AnyAsync(
            q => q.ProjectId == projectId && q.NormalizedName == normalized && q.Id != exceptQueueId, ct);
        return taken ? Error.InvalidField("name", NameTakenMessage(name)) : null;
    }

    private static string NameTakenMessage(string name) =>
        $"A queue named \"{name.Trim()}\" already exists in this project.";

    private void Publish(Queue queue, QueueChangeKind kind) =>
        events.Publish(new QueueChange(queue.ProjectId, queue.Id, kind, clock.GetUtcNow().UtcDateTime));

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Queue {QueueId} \"{Name}\" created in project {ProjectId} by {Principal}")]
    private partial void LogQueueCreated(long queueId, string name, long projectId, string principal);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Queue {QueueId} \"{Name}\" deleted by {Principal}")]
    private partial void LogQueueDeleted(long queueId, string name, string principal);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "Queue {QueueId} is now {Status}, by {Principal}")]
    private partial void LogQueueStatusChanged(long queueId, QueueStatus status, string principal);
}
