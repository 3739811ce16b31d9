using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Events;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Traces;

namespace ReviewQueue.Core.Reviews;

/// <summary>An item with its history, for the item detail.</summary>
public sealed record ReviewItemDetail(ReviewItemView Item, IReadOnlyList<ItemHistoryEntry> History);

/// <summary>
/// Everything done to the items of a queue: adding traces, the claim and its lease, submit, skip,
/// reopen, reset and remove. Each call checks the caller's role, runs in one transaction, and
/// publishes a <see cref="QueueChange"/> once committed.
/// </summary>
public sealed partial class ReviewItemService(
    IDbContextFactory<AppDbContext> dbs,
    IQueueEvents events,
    TimeProvider clock,
    IOptions<ReviewOptions> options,
    ILogger<ReviewItemService> logger)
{
    private const string ChangedMeanwhile = "The item changed while you were working on it; reload it and try again.";

    private TimeSpan Lease => options.Value.Lease;

    /// <summary>Adds traces by id. Duplicates are ignored; unknown ids are reported, not fatal.</summary>
    public async Task<Result<AddItemsResult>> AddItemsAsync(Caller caller, long queueId,
        IReadOnlyList<string> traceIds, CancellationToken ct = default)
    {
        if (traceIds.Count > Limits.MaxTraceIdsPerAdd)
            return Error.TooLarge(
                $"At most {Limits.MaxTraceIdsPerAdd:N0} trace ids can be added in one call; got {traceIds.Count:N0}.");
        if (traceIds.Any(id => string.IsNullOrWhiteSpace(id) || id.Length > Limits.IdLength))
            return Error.InvalidField("traceIds", $"Every trace id must be 1 to {Limits.IdLength} characters.");

        var ids = traceIds.Distinct(StringComparer.Ordinal).ToList();

        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var loaded = await QueueStore.LoadAsync(db, caller, queueId, Permission.CreateQueues, ct);
        if (!loaded.IsSuccess)
            return loaded.Error!;

        var queue = loaded.Ok.Queue;
        var writable = queue.EnsureWritable("adding items");
        if (!writable.IsSuccess)
            return writable.Error!;

        var found = await db.Traces
            .Where(t => t.ProjectId == queue.ProjectId && ids.Contains(t.TraceId))
            .Select(t => t.TraceId)
            .ToListAsync(ct);
        var foundSet = found.ToHashSet(StringComparer.Ordinal);
        var notFound = ids.Where(id => !foundSet.Contains(id)).ToList();

        var now = clock.GetUtcNow().UtcDateTime;
        var added = found.Count == 0
            ? 0
            : await BulkSql.InsertItemsAsync(db, queue.ProjectId, queue.Id, ids, now, caller.PrincipalId, ct);

        if (added > 0)
        {
            var saved = await QueueStore.SaveAndFollowAsync(db, queue, now,
                "The queue changed meanwhile; try again.", ct);
            if (!saved.IsSuccess)
                return saved.Error!;
        }

        await tx.CommitAsync(ct);

        if (added > 0)
        {
            LogItemsAdded(added, queue.Id, caller.PrincipalId);
            Publish(queue.ProjectId, queue.Id, QueueChangeKind.ItemsAdded);
        }

        return new AddItemsResult(added, found.Count - added, notFound);
    }

    /// <summary>
    /// Claims the next item for the caller: PENDING in the order added, then SKIPPED. Returns null
    /// when nothing is left. The claim is one conditional UPDATE, so two callers never win one item.
    /// </summary>
    public async Task<Result<ReviewItemView?>> ClaimNextAsync(Caller caller, long queueId,
        CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var loaded = await QueueStore.LoadAsync(db, caller, queueId, Permission.Review, ct);
        if (!loaded.IsSuccess)
            return loaded.Error!;

        var queue = loaded.Ok.Queue;
        var writable = queue.EnsureWritable("reviewing");
        if (!writable.IsSuccess)
            return writable.Error!;

        var now = clock.GetUtcNow().UtcDateTime;
        var lapsed = await LapseAsync(db, db.ReviewItems.Where(i => i.QueueId == queueId), now, ct);

        // The UPDATE below bypasses the change tracker; forget the lapsed rows so the item is read fresh.
        if (lapsed > 0)
            db.ChangeTracker.Clear();

        var item = await BulkSql.ClaimNextAsync(db, queueId, caller.PrincipalId, caller.DisplayName, now + Lease, ct);
        if (item is not null)
        {
            item.RecordClaim(caller, now);
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);

        if (lapsed > 0)
            Publish(queue.ProjectId, queueId, QueueChangeKind.LeasesLapsed);
        if (item is not null)
            Publish(queue.ProjectId, queueId, QueueChangeKind.ItemClaimed);

        return item is null ? (ReviewItemView?)null : ToView(item);
    }

    /// <summary>Extends the caller's hold while their page stays open.</summary>
    public async Task<Result<ReviewItemView>> RenewAsync(Caller caller, long itemId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await ActAsync(caller, itemId, Permission.Review, writableAction: "reviewing", kind: null,
            (item, _) => item.Renew(caller, now, Lease), ct);
    }

    /// <summary>The caller lets go of an item; it returns to the status it had before.</summary>
    public Task<Result<ReviewItemView>> ReleaseAsync(Caller caller, long itemId, CancellationToken ct = default) =>
        ActAsync(caller, itemId, Permission.Review, writableAction: null, QueueChangeKind.ItemReleased,
            (item, _) => item.Release(caller, clock.GetUtcNow().UtcDateTime), ct);

    public Task<Result<ReviewItemView>> SkipAsync(Caller caller, long itemId, CancellationToken ct = default) =>
        ActAsync(caller, itemId, Permission.Review, "reviewing", QueueChangeKind.ItemSkipped,
            (item, _) => item.Skip(caller, clock.GetUtcNow().UtcDateTime), ct);

    /// <summary>Takes a decided item back into review; its reviewer may, and so may an admin.</summary>
    public Task<Result<ReviewItemView>> ReopenAsync(Caller caller, long itemId, CancellationToken ct = default) =>
        ActAsync(caller, itemId, Permission.Review, "reopening a review", QueueChangeKind.ItemReopened,
            (item, role) => item.Reopen(caller, role.Allows(Permission.ManageQueues), clock.GetUtcNow().UtcDateTime,
                Lease),
            ct);

    /// <summary>
    /// Decides an item the caller holds and writes its annotation in the same transaction. The same
    /// review sent again (a double Enter) changes nothing; a reopened item's annotation is updated.
    /// </summary>
    public async Task<Result<ReviewItemView>> SubmitAsync(Caller caller, long itemId, ReviewValues review,
        CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var loaded = await LoadItemAsync(db, caller, itemId, Permission.Review, ct);
        if (!loaded.IsSuccess)
            return loaded.Error!;

        var (item, queue, _, hasAnnotation) = loaded.Ok;
        if (item.Status.IsDecided() && item.ReviewerId == caller.PrincipalId && item.Review == review)
            return ToView(item);

        var writable = queue.EnsureWritable("reviewing");
        if (!writable.IsSuccess)
            return writable.Error!;

        var now = clock.GetUtcNow().UtcDateTime;
        var submitted = item.Submit(caller, review, now);
        if (!submitted.IsSuccess)
            return submitted.Error!;

        var annotation = hasAnnotation
            ? await db.TraceAnnotations.FirstOrDefaultAsync(a => a.ReviewItemId == item.Id, ct)
            : null;
        if (annotation is null)
        {
            db.TraceAnnotations.Add(new TraceAnnotation(item.TraceKey, item.Id, queue.Name, review,
                caller.PrincipalId, caller.DisplayName, now));
            await db.Traces.Where(t => t.Key == item.TraceKey)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.AnnotationCount, t => t.AnnotationCount + 1), ct);
        }
        else
        {
            annotation.Update(review, caller.PrincipalId, caller.DisplayName, now);
        }

        var saved = await QueueStore.SaveAndFollowAsync(db, queue, now, ChangedMeanwhile, hasItems: true, ct);
        if (!saved.IsSuccess)
            return saved.Error!;
        await tx.CommitAsync(ct);

        Publish(queue.ProjectId, queue.Id, QueueChangeKind.ItemSubmitted);
        return ToView(item);
    }

    /// <summary>Sets items back to PENDING (ADMIN+). Their annotations stay on the traces.</summary>
    public async Task<Result<BulkResult>> ResetAsync(Caller caller, long queueId, IReadOnlyCollection<long> itemIds,
        CancellationToken ct = default)
    {
        if (itemIds.Count > Limits.MaxTraceIdsPerAdd)
            return Error.TooLarge($"At most {Limits.MaxTraceIdsPerAdd:N0} items can be reset in one call.");

        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var loaded = await QueueStore.LoadAsync(db, caller, queueId, Permission.ManageQueues, ct);
        if (!loaded.IsSuccess)
            return loaded.Error!;

        var queue = loaded.Ok.Queue;
        var writable = queue.EnsureWritable("resetting items");
        if (!writable.IsSuccess)
            return writable.Error!;

        var ids = itemIds.Distinct().ToList();
        var items = await db.ReviewItems.Where(i => i.QueueId == queueId && ids.Contains(i.Id)).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var item in items)
            item.Reset(caller, now);

        var saved = await QueueStore.SaveAndFollowAsync(db, queue, now, ChangedMeanwhile, ct);
        if (!saved.IsSuccess)
            return saved.Error!;
        await tx.CommitAsync(ct);

        if (items.Count > 0)
            Publish(queue.ProjectId, queueId, QueueChangeKind.ItemsReset);
        return new BulkResult(items.Count, ids.Count - items.Count);
    }

    /// <summary>Takes items out of a queue (ADMIN+). Their annotations stay on the traces.</summary>
    public async Task<Result<BulkResult>> RemoveAsync(Caller caller, long queueId, IReadOnlyCollection<long> itemIds,
        CancellationToken ct = default)
    {
        if (itemIds.Count > Limits.MaxTraceIdsPerAdd)
            return Error.TooLarge($"At most {Limits.MaxTraceIdsPerAdd:N0} items can be removed in one call.");

        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var loaded = await QueueStore.LoadAsync(db, caller, queueId, Permission.ManageQueues, ct);
        if (!loaded.IsSuccess)
            return loaded.Error!;

        var queue = loaded.Ok.Queue;
        var writable = queue.EnsureWritable("removing items");
        if (!writable.IsSuccess)
            return writable.Error!;

        var ids = itemIds.Distinct().ToList();
        var removed = await db.ReviewItems.Where(i => i.QueueId == queueId && ids.Contains(i.Id))
            .ExecuteDeleteAsync(ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var saved = await QueueStore.SaveAndFollowAsync(db, queue, now, ChangedMeanwhile, ct);
        if (!saved.IsSuccess)
            return saved.Error!;
        await tx.CommitAsync(ct);

        if (removed > 0)
            Publish(queue.ProjectId, queueId, QueueChangeKind.ItemsRemoved);
        return new BulkResult(removed, ids.Count - removed);
    }

    public async Task<Result<ReviewItemDetail>> GetAsync(Caller caller, long itemId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var loaded = await LoadItemAsync(db, caller, itemId, Permission.ViewQueues, ct);
        if (!loaded.IsSuccess)
            return loaded.Error!;

        var history = await db.ReviewItemEvents.AsNoTracking()
            .Where(e => e.ItemId == itemId)
            .OrderBy(e => e.Id)
            .Select(e => new ItemHistoryEntry(e.At, e.Action, e.FromStatus, e.ToStatus, e.ActorName,
                e.Decision, e.Sentiment, e.Label, e.Notes))
            .ToListAsync(ct);

        return new ReviewItemDetail(ToView(loaded.Ok.Item), history);
    }

    /// <summary>
    /// A page of a queue's items. The status filter and the default order walk the
    /// (queue, status, id) index; the total is a separate COUNT, so no page loads every item.
    /// </summary>
    public async Task<Result<ItemPage>> ListAsync(Caller caller, long queueId, ItemQuery query,
        CancellationToken ct = default)
    {
        var invalid = query.Validate();
        if (invalid is not null)
            return invalid;

        await using var db = await dbs.CreateDbContextAsync(ct);
        var loaded = await QueueStore.LoadAsync(db, caller, queueId, Permission.ViewQueues, ct);
        if (!loaded.IsSuccess)
            return loaded.Error!;

        var items = db.ReviewItems.AsNoTracking().Where(i => i.QueueId == queueId);
        if (query.Status is { } status)
            items = items.Where(i => i.Status == status);
        if (query.Sentiment is { } sentiment)
            items = items.Where(i => i.Sentiment == sentiment);
        if (!string.IsNullOrWhiteSpace(query.Label))
            items = items.Where(i => i.Label == query.Label.Trim());
        if (!string.IsNullOrWhiteSpace(query.Reviewer))
        {
            var reviewer = query.Reviewer.Trim();
            items = items.Where(i => i.ReviewerName == reviewer || i.ReviewerId == reviewer);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var pattern = $"%{EscapeLike(query.Text.Trim())}%";
            items = items.Where(i => EF.Functions.Like(i.TraceName, pattern, "\\")
                || EF.Functions.Like(i.TraceId, pattern, "\\")
                || EF.Functions.Like(i.Notes ?? "", pattern, "\\"));
        }

        var total = await items.CountAsync(ct);

        // A deferred join: the page's ids come from the index alone (an index-only scan, however deep
        // the page), and only those 50 rows are read in full. Reading every skipped row made deep
        // pages on PostgreSQL cost one row fetch per skipped item.
        var pageIds = Sorted(items, query.Sort, query.Descending)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .Select(i => i.Id);
        var page = await Sorted(db.ReviewItems.AsNoTracking().Where(i => pageIds.Contains(i.Id)),
                query.Sort, query.Descending)
            .Select(Projection)
            .ToListAsync(ct);

        return new ItemPage(page, total, query.Page, query.PageSize);
    }

    /// <summary>The labels already used in a project, most used first, for the Label suggestions.</summary>
    public async Task<Result<IReadOnlyList<string>>> LabelsAsync(Caller caller, long projectId, string? prefix,
        int limit = 20, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var access = await ProjectAccess.CheckAsync(db, caller, projectId, Permission.Review,
            $"Project {projectId} was not found.", ct);
        if (!access.IsSuccess)
            return access.Error!;

        var labels = db.TraceAnnotations.AsNoTracking()
            .Where(a => a.Label != null && db.Traces.Any(t => t.Key == a.TraceKey && t.ProjectId == projectId));
        if (!string.IsNullOrWhiteSpace(prefix))
        {
            var pattern = $"{EscapeLike(prefix.Trim())}%";
            labels = labels.Where(a => EF.Functions.Like(a.Label!, pattern, "\\"));
        }

        return await labels.GroupBy(a => a.Label!)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .Select(g => g.Key)
            .Take(Math.Clamp(limit, 1, 100))
            .ToListAsync(ct);
    }

    private static IOrderedQueryable<ReviewItem> Sorted(IQueryable<ReviewItem> items, ItemSort sort,
        bool descending) =>
        (sort, descending) switch
        {
            // Ties break by id in the sort's direction, so that a descending page walks the
            // (QueueId, Status, column, Id) index backwards instead of sorting every row.
            (ItemSort.Status, false) => items.OrderBy(i => i.Status).ThenBy(i => i.Id),
            (ItemSort.Status, true) => items.OrderByDescending(i => i.Status).ThenByDescending(i => i.Id),
            (ItemSort.TraceName, false) => items.OrderBy(i => i.TraceName).ThenBy(i => i.Id),
            (ItemSort.TraceName, true) => items.OrderByDescending(i => i.TraceName).ThenByDescending(i => i.Id),
            (ItemSort.Reviewer, false) => items.OrderBy(i => i.ReviewerName).ThenBy(i => i.Id),
            (ItemSort.Reviewer, true) => items.OrderByDescending(i => i.ReviewerName).ThenByDescending(i => i.Id),
            (ItemSort.ReviewedAt, false) => items.OrderBy(i => i.ReviewedAt).ThenBy(i => i.Id),
            (ItemSort.ReviewedAt, true) => items.OrderByDescending(i => i.ReviewedAt).ThenByDescending(i => i.Id),
            (_, true) => items.OrderByDescending(i => i.Id),
            _ => items.OrderBy(i => i.Id),
        };

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>Returns lapsed holds in every queue to their earlier status. Run by a background sweeper.</summary>
    public async Task<int> ReleaseLapsedLeasesAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;

        var queues = await db.ReviewItems
            .Where(i => i.Status == ItemStatus.IN_REVIEW && i.LeaseExpiresAt <= now)
            .Select(i => i.QueueId)
            .Distinct()
            .ToListAsync(ct);
        var lapsed = await LapseAsync(db, db.ReviewItems, now, ct);
        await tx.CommitAsync(ct);

        var projects = await db.Queues.Where(q => queues.Contains(q.Id))
            .Select(q => new { q.Id, q.ProjectId }).ToListAsync(ct);
        foreach (var queue in projects)
            Publish(queue.ProjectId, queue.Id, QueueChangeKind.LeasesLapsed);
        return lapsed;
    }

    internal static readonly Expression<Func<ReviewItem, ReviewItemView>> Projection = i => new ReviewItemView(
        i.Id, i.QueueId, i.TraceId, i.TraceName, i.Status, i.Decision, i.Sentiment, i.Label, i.Notes,
        i.ReviewerId, i.ReviewerName, i.ReviewedAt, i.HeldById, i.HeldByName, i.LeaseExpiresAt, i.AddedAt);

    private static readonly Func<ReviewItem, ReviewItemView> ToView = Projection.Compile();

    private async Task<int> LapseAsync(AppDbContext db, IQueryable<ReviewItem> scope, DateTime now,
        CancellationToken ct)
    {
        var lapsed = await scope
            .Where(i => i.Status == ItemStatus.IN_REVIEW && i.LeaseExpiresAt <= now)
            .ToListAsync(ct);
        if (lapsed.Count == 0)
            return 0;

        foreach (var item in lapsed)
        {
            LogLeaseLapsed(item.Id, item.QueueId, item.HeldById ?? "");
            item.Lapse(now);
        }

        // A reopened item that lapses goes back to its decision, which may complete its queue again.
        var queueIds = lapsed.Select(i => i.QueueId).Distinct().ToList();
        var queues = await db.Queues.Where(q => queueIds.Contains(q.Id)).ToListAsync(ct);
        foreach (var queue in queues)
        {
            var saved = await QueueStore.SaveAndFollowAsync(db, queue, now, ChangedMeanwhile, ct);
            if (!saved.IsSuccess)
                throw new DbUpdateConcurrencyException(saved.Error!.Message);
        }

        return lapsed.Count;
    }

    private async Task<Result<ReviewItemView>> ActAsync(Caller caller, long itemId, Permission permission,
        string? writableAction, QueueChangeKind? kind, Func<ReviewItem, ProjectRole, Result> act,
        CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var loaded = await LoadItemAsync(db, caller, itemId, permission, ct);
        if (!loaded.IsSuccess)
            return loaded.Error!;

        var (item, queue, role, _) = loaded.Ok;
        if (writableAction is not null)
        {
            var writable = queue.EnsureWritable(writableAction);
            if (!writable.IsSuccess)
                return writable.Error!;
        }

        var done = act(item, role);
        if (!done.IsSuccess)
            return done.Error!;

        var saved = await QueueStore.SaveAndFollowAsync(db, queue, clock.GetUtcNow().UtcDateTime, ChangedMeanwhile,
            hasItems: true, ct);
        if (!saved.IsSuccess)
            return saved.Error!;
        await tx.CommitAsync(ct);

        if (kind is { } k)
            Publish(queue.ProjectId, queue.Id, k);
        return ToView(item);
    }

    private static async Task<Result<LoadedItem>> LoadItemAsync(
        AppDbContext db, Caller caller, long itemId, Permission permission, CancellationToken ct)
    {
        // The item, its queue, the caller's membership and whether a review of the item was already
        // written (a resubmit updates that annotation), in one query.
        var notFound = $"Review item {itemId} was not found.";
        var userId = caller.UserId;
        var row = await (
                from i in db.ReviewItems
                join q in db.Queues on i.QueueId equals q.Id
                where i.Id == itemId
                select new
                {
                    Item = i,
                    Queue = q,
                    Role = db.ProjectMembers
                        .Where(m => m.ProjectId == q.ProjectId && m.UserId == userId)
                        .Select(m => (ProjectRole?)m.Role)
                        .FirstOrDefault(),
                    HasAnnotation = db.TraceAnnotations.Any(a => a.ReviewItemId == i.Id),
                })
            .FirstOrDefaultAsync(ct);
        if (row is null)
            return Error.NotFound(notFound);

        var role = ProjectAccess.Check(caller, row.Queue.ProjectId, row.Role, permission, notFound);
        if (!role.IsSuccess)
            return role.Error!;

        return new LoadedItem(row.Item, row.Queue, role.Ok, row.HasAnnotation);
    }

    private sealed record LoadedItem(ReviewItem Item, Queue Queue, ProjectRole Role, bool HasAnnotation);

    private void Publish(long projectId, long queueId, QueueChangeKind kind) =>
        events.Publish(new QueueChange(projectId, queueId, kind, clock.GetUtcNow().UtcDateTime));

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "{Count} items added to queue {QueueId} by {Principal}")]
    private partial void LogItemsAdded(int count, long queueId, string principal);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Lease on item {ItemId} of queue {QueueId} held by {Principal} lapsed")]
    private partial void LogLeaseLapsed(long itemId, long queueId, string principal);
}
