using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Projects;

namespace ReviewQueue.Core.Datasets;

public sealed record DatasetView(long Id, long ProjectId, string Name, string? Description, int ItemCount,
    DateTime CreatedAt);

public sealed record DatasetItemView(long Id, long DatasetId, string? Input, string? ExpectedOutput, string Metadata,
    string? SourceTraceId, long? SourceQueueId, long? SourceReviewItemId, DateTime CreatedAt);

public sealed record DatasetItemPage(IReadOnlyList<DatasetItemView> Items, int Total, int Page, int PageSize);

/// <summary>Reading datasets: the list, one dataset's items, and its JSON Lines download.</summary>
public sealed class DatasetService(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<Result<IReadOnlyList<DatasetView>>> ListAsync(Caller caller, long projectId,
        CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var access = await ProjectAccess.CheckAsync(db, caller, projectId, Permission.ViewTraces,
            $"Project {projectId} was not found.", ct);
        if (!access.IsSuccess)
            return access.Error!;

        return await db.Datasets.AsNoTracking()
            .Where(d => d.ProjectId == projectId)
            .OrderBy(d => d.Name)
            .Select(d => new DatasetView(d.Id, d.ProjectId, d.Name, d.Description,
                db.DatasetItems.Count(i => i.DatasetId == d.Id), d.CreatedAt))
            .ToListAsync(ct);
    }

    public async Task<Result<DatasetView>> GetAsync(Caller caller, long datasetId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var found = await FindAsync(db, caller, datasetId, ct);
        if (!found.IsSuccess)
            return found.Error!;

        var d = found.Ok;
        var count = await db.DatasetItems.CountAsync(i => i.DatasetId == datasetId, ct);
        return new DatasetView(d.Id, d.ProjectId, d.Name, d.Description, count, d.CreatedAt);
    }

    public async Task<Result<DatasetItemPage>> GetItemsAsync(Caller caller, long datasetId, int page, int pageSize,
        CancellationToken ct = default)
    {
        if (page < 1 || pageSize is < 1 or > Limits.MaxPageSize)
            return Error.InvalidField("pageSize", $"Pages count from 1 and hold 1 to {Limits.MaxPageSize} items.");

        await using var db = await dbs.CreateDbContextAsync(ct);
        var found = await FindAsync(db, caller, datasetId, ct);
        if (!found.IsSuccess)
            return found.Error!;

        var items = db.DatasetItems.AsNoTracking().Where(i => i.DatasetId == datasetId);
        var total = await items.CountAsync(ct);
        var rows = await items.OrderBy(i => i.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(i => new DatasetItemView(i.Id, i.DatasetId, i.Input, i.ExpectedOutput, i.Metadata,
                i.SourceTraceId, i.SourceQueueId, i.SourceReviewItemId, i.CreatedAt))
            .ToListAsync(ct);

        return new DatasetItemPage(rows, total, page, pageSize);
    }

    /// <summary>
    /// Writes every item of the dataset as one JSON object per line, streaming from the database.
    /// Input, expected output and metadata are embedded as JSON, not as strings.
    /// </summary>
    public async Task<Result> WriteJsonLinesAsync(Caller caller, long datasetId, Stream output,
        CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var found = await FindAsync(db, caller, datasetId, ct);
        if (!found.IsSuccess)
            return found.Error!;

        var newline = "\n"u8.ToArray();
        var items = db.DatasetItems.AsNoTracking().Where(i => i.DatasetId == datasetId).OrderBy(i => i.Id)
            .AsAsyncEnumerable();
        await foreach (var item in items.WithCancellation(ct))
        {
            await using (var writer = new Utf8JsonWriter(output))
            {
                writer.WriteStartObject();
                writer.WriteNumber("id", item.Id);
                WriteJson(writer, "input", item.Input);
                WriteJson(writer, "expectedOutput", item.ExpectedOutput);
                WriteJson(writer, "metadata", item.Metadata);
                writer.WriteString("sourceTraceId", item.SourceTraceId);
                if (item.SourceQueueId is { } queueId)
                    writer.WriteNumber("sourceQueueId", queueId);
                if (item.SourceReviewItemId is { } reviewItemId)
                    writer.WriteNumber("sourceReviewItemId", reviewItemId);
                writer.WriteString("createdAt", item.CreatedAt);
                writer.WriteEndObject();
            }

            await output.WriteAsync(newline, ct);
        }

        return Result.Success();
    }

    private static void WriteJson(Utf8JsonWriter writer, string name, string? json)
    {
        writer.WritePropertyName(name);
        if (json is null)
        {
            writer.WriteNullValue();
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            document.WriteTo(writer);
        }
        catch (JsonException)
        {
            // Stored text that is not JSON (older rows, hand edits) is still exported, as a string.
            writer.WriteStringValue(json);
        }
    }

    private static async Task<Result<Dataset>> FindAsync(AppDbContext db, Caller caller, long datasetId,
        CancellationToken ct)
    {
        var notFound = $"Dataset {datasetId} was not found.";
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == datasetId, ct);
        if (dataset is null)
            return Error.NotFound(notFound);

        var access = await ProjectAccess.CheckAsync(db, caller, dataset.ProjectId, Permission.ViewTraces, notFound, ct);
        return access.IsSuccess ? dataset : access.Error!;
    }
}
