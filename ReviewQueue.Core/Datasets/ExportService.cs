using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Events;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.Core.Datasets;

/// <summary>Turns a queue's APPROVED items into dataset items, never the same trace twice per dataset.</summary>
public sealed partial class ExportService(
    IDbContextFactory<AppDbContext> dbs,
    IQueueEvents events,
    TimeProvider clock,
    ILogger<ExportService> logger)
{
    /// <summary>
    /// Exports into an existing dataset (<paramref name="datasetId"/>) or into one found or created
    /// by name (<paramref name="datasetName"/>). Export also works on an archived queue.
    /// </summary>
    public async Task<Result<ExportResult>> ExportAsync(Caller caller, long queueId, long? datasetId,
        string? datasetName, CancellationToken ct = default)
    {
        if (datasetId is null && string.IsNullOrWhiteSpace(datasetName))
            return Error.InvalidField("datasetId", "Choose a dataset, or give a name for a new one.");
        if (datasetId is not null && !string.IsNullOrWhiteSpace(datasetName))
            return Error.InvalidField("datasetId", "Give either a dataset id or a dataset name, not both.");

        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var loaded = await QueueStore.LoadAsync(db, caller, queueId, Permission.Export, ct);
        if (!loaded.IsSuccess)
            return loaded.Error!;

        var queue = loaded.Ok.Queue;
        var now = clock.GetUtcNow().UtcDateTime;
        var dataset = await FindOrCreateAsync(db, caller, queue.ProjectId, datasetId, datasetName, now, ct);
        if (!dataset.IsSuccess)
            return dataset.Error!;

        var target = dataset.Ok;
        var approved = await db.ReviewItems.CountAsync(i => i.QueueId == queueId && i.Status == ItemStatus.APPROVED, ct);
        var exported = await BulkSql.ExportApprovedAsync(db, queueId, queue.Name, target.Id, now, ct);
        await tx.CommitAsync(ct);

        LogExported(exported, queueId, target.Id, caller.PrincipalId);
        events.Publish(new QueueChange(queue.ProjectId, queueId, QueueChangeKind.Exported, now));
        return new ExportResult(target.Id, target.Name, exported, approved - exported);
    }

    private static async Task<Result<Dataset>> FindOrCreateAsync(AppDbContext db, Caller caller, long projectId,
        long? datasetId, string? datasetName, DateTime now, CancellationToken ct)
    {
        if (datasetId is { } id)
        {
            var byId = await db.Datasets.FirstOrDefaultAsync(d => d.Id == id && d.ProjectId == projectId, ct);
            return byId is null ? Error.NotFound($"Dataset {id} was not found.") : byId;
        }

        var normalized = Dataset.Normalize(datasetName!);
        var byName = await db.Datasets.FirstOrDefaultAsync(d => d.ProjectId == projectId && d.NormalizedName == normalized, ct);
        if (byName is not null)
            return byName;

        var created = Dataset.Create(projectId, datasetName, null, caller, now);
        if (!created.IsSuccess)
            return created.Error!;

        db.Datasets.Add(created.Ok);
        await db.SaveChangesAsync(ct);
        return created.Ok;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Exported {Count} items of queue {QueueId} to dataset {DatasetId}, by {Principal}")]
    private partial void LogExported(int count, long queueId, long datasetId, string principal);
}
