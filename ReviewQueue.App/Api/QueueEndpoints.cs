using Microsoft.AspNetCore.Mvc;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Datasets;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.App.Api;

/// <summary>Review queues and their items: <c>/api/review/queues</c>.</summary>
public static class QueueEndpoints
{
    public static void MapQueueEndpoints(this RouteGroupBuilder api)
    {
        var queues = api.MapGroup("/review/queues").WithTags("Review queues");

        queues.MapGet("", ListAsync)
            .WithName("ListQueues")
            .WithSummary("List the project's queues with their progress counts (MEMBER+).")
            .Produces<IReadOnlyList<QueueDto>>();
        queues.MapPost("", CreateAsync)
            .WithName("CreateQueue")
            .WithSummary("Create a queue (MEMBER+); answers the queue.")
            .AcceptsJson<CreateQueueRequest>()
            .Produces<QueueDto>(StatusCodes.Status201Created);
        queues.MapGet("/{queueId}", GetAsync)
            .WithName("GetQueue")
            .WithSummary("Read a queue with its progress counts (MEMBER+).")
            .Produces<QueueDto>();
        queues.MapPatch("/{queueId}", UpdateAsync)
            .WithName("UpdateQueue")
            .WithSummary("Rename a queue or change its description; or archive it (status ARCHIVED) "
                + "or restore it (status ACTIVE). ADMIN+.")
            .AcceptsJson<UpdateQueueRequest>()
            .Produces<QueueDto>();
        queues.MapDelete("/{queueId}", DeleteAsync)
            .WithName("DeleteQueue")
            .WithSummary("Delete a queue and its items; annotations and dataset items stay (ADMIN+).")
            .Produces(StatusCodes.Status204NoContent);
        queues.MapPost("/{queueId}/items", AddItemsAsync)
            .WithName("AddItems")
            .WithSummary("Add traces by id, at most 10,000 per call (MEMBER+).")
            .AcceptsJson<AddItemsRequest>()
            .Produces<AddItemsResult>();
        queues.MapGet("/{queueId}/items", ListItemsAsync)
            .WithName("ListItems")
            .WithSummary("A page of the queue's items, filtered (MEMBER+).")
            .Produces<ItemPageDto>();
        queues.MapPost("/{queueId}/next", NextAsync)
            .WithName("ClaimNext")
            .WithSummary("Claim the next item for the caller; 204 when nothing is left (MEMBER+).")
            .Produces<ItemDto>()
            .Produces(StatusCodes.Status204NoContent);
        queues.MapPost("/{queueId}/export", ExportAsync)
            .WithName("ExportToDataset")
            .WithSummary("Export the APPROVED items to a dataset, by id or by name (MEMBER+).")
            .AcceptsJson<ExportRequest>()
            .Produces<ExportResult>();
    }

    private static async Task<IResult> ListAsync([FromQuery] string? project, HttpContext context,
        ProjectAccess access, QueueService queues, CancellationToken ct)
    {
        var caller = ApiRequest.Caller(context);
        var resolved = await ApiRequest.ProjectAsync(access, caller, project, Permission.ViewQueues, ct);
        if (!resolved.IsSuccess)
            return ApiErrors.Problem(resolved.Error!);

        var list = await queues.ListAsync(caller, resolved.Ok.Id, ct);
        return ApiErrors.From(list, l => l.Select(QueueDto.From).ToList());
    }

    private static async Task<IResult> CreateAsync([FromQuery] string? project, HttpContext context,
        ProjectAccess access, QueueService queues, CancellationToken ct)
    {
        var body = await ApiJson.ReadBodyAsync<CreateQueueRequest>(context.Request, ct: ct);
        if (!body.IsSuccess)
            return ApiErrors.Problem(body.Error!);

        var caller = ApiRequest.Caller(context);
        var resolved = await ApiRequest.ProjectAsync(access, caller, project, Permission.CreateQueues, ct);
        if (!resolved.IsSuccess)
            return ApiErrors.Problem(resolved.Error!);

        var created = await queues.CreateAsync(caller, resolved.Ok.Id, body.Ok.Name, body.Ok.Description, ct);
        if (!created.IsSuccess)
            return ApiErrors.Problem(created.Error!);

        var queue = QueueDto.From(created.Ok);
        return TypedResults.Created($"/api/review/queues/{queue.Id}", queue);
    }

    private static async Task<IResult> GetAsync(string queueId, HttpContext context, QueueService queues,
        CancellationToken ct)
    {
        var id = ApiRequest.Id(queueId, "queueId");
        if (!id.IsSuccess)
            return ApiErrors.Problem(id.Error!);

        return ApiErrors.From(await queues.GetAsync(ApiRequest.Caller(context), id.Ok, ct), QueueDto.From);
    }

    private static async Task<IResult> UpdateAsync(string queueId, HttpContext context, QueueService queues,
        CancellationToken ct)
    {
        var id = ApiRequest.Id(queueId, "queueId");
        if (!id.IsSuccess)
            return ApiErrors.Problem(id.Error!);
        var body = await ApiJson.ReadBodyAsync<UpdateQueueRequest>(context.Request, ct: ct);
        if (!body.IsSuccess)
            return ApiErrors.Problem(body.Error!);

        var (name, description, status) = body.Ok;
        var caller = ApiRequest.Caller(context);
        if (status is null)
        {
            if (name is null && description is null)
                return ApiErrors.Problem(Error.Invalid("Send a name, a description or a status to change."));

            return ApiErrors.From(await queues.UpdateAsync(caller, id.Ok, name, description, ct), QueueDto.From);
        }

        // Two changes in one request could half-succeed; a status change therefore comes alone.
        if (name is not null || description is not null)
        {
            return ApiErrors.Problem(Error.InvalidField("status",
                "Change the status in a request of its own, without a name or description."));
        }

        var changed = status switch
        {
            QueueStatus.ARCHIVED => await queues.ArchiveAsync(caller, id.Ok, ct),
            QueueStatus.ACTIVE => await queues.RestoreAsync(caller, id.Ok, ct),
            _ => Error.InvalidField("status",
                "A queue becomes COMPLETED by deciding its items; send ARCHIVED to archive or ACTIVE to restore."),
        };
        return ApiErrors.From(changed, QueueDto.From);
    }

    private static async Task<IResult> DeleteAsync(string queueId, HttpContext context, QueueService queues,
        CancellationToken ct)
    {
        var id = ApiRequest.Id(queueId, "queueId");
        if (!id.IsSuccess)
            return ApiErrors.Problem(id.Error!);

        var deleted = await queues.DeleteAsync(ApiRequest.Caller(context), id.Ok, ct);
        return deleted.IsSuccess ? TypedResults.NoContent() : ApiErrors.Problem(deleted.Error!);
    }

    private static async Task<IResult> AddItemsAsync(string queueId, HttpContext context, ReviewItemService items,
        CancellationToken ct)
    {
        var id = ApiRequest.Id(queueId, "queueId");
        if (!id.IsSuccess)
            return ApiErrors.Problem(id.Error!);
        var body = await ApiJson.ReadBodyAsync<AddItemsRequest>(context.Request, ct: ct);
        if (!body.IsSuccess)
            return ApiErrors.Problem(body.Error!);

        var added = await AddTracesAsync(ApiRequest.Caller(context), id.Ok, body.Ok, items, ct);
        return ApiErrors.From(added, r => r);
    }

    /// <summary>Adding items, shared with the tRPC procedure so that both answer the same.</summary>
    public static async Task<Result<AddItemsResult>> AddTracesAsync(Caller caller, long queueId, AddItemsRequest body,
        ReviewItemService items, CancellationToken ct)
    {
        if (body.TraceIds is null)
            return Error.InvalidField("traceIds", "Send \"traceIds\": an array of trace ids.");
        if (body.TraceIds.Count > Limits.MaxTraceIdsPerAdd)
        {
            return Error.TooLarge(
                $"At most {Limits.MaxTraceIdsPerAdd:N0} trace ids can be added in one call; "
                + $"got {body.TraceIds.Count:N0}.");
        }

        var bad = body.TraceIds.Select((traceId, index) => (traceId, index))
            .FirstOrDefault(t => string.IsNullOrWhiteSpace(t.traceId) || t.traceId.Length > Limits.IdLength);
        if (bad.traceId is not null || body.TraceIds.Any(t => t is null))
        {
            var index = bad.traceId is not null ? bad.index : body.TraceIds.ToList().IndexOf(null);
            return Error.InvalidField($"traceIds[{index}]",
                $"Every trace id is a string of 1 to {Limits.IdLength} characters; traceIds[{index}] is not.");
        }

        return await items.AddItemsAsync(caller, queueId, [.. body.TraceIds.Select(t => t!)], ct);
    }

    private static async Task<IResult> ListItemsAsync(string queueId, [FromQuery] string? status,
        [FromQuery] string? sentiment, [FromQuery] string? label, [FromQuery] string? reviewer,
        [FromQuery] string? q, [FromQuery] string? page, [FromQuery] string? pageSize, [FromQuery] string? sort,
        [FromQuery] string? descending, HttpContext context, ReviewItemService items, CancellationToken ct)
    {
        var id = ApiRequest.Id(queueId, "queueId");
        var statusValue = ApiRequest.Enum<ItemStatus>(status, "status");
        var sentimentValue = ApiRequest.Enum<Sentiment>(sentiment, "sentiment");
        var pageValue = ApiRequest.Int(page, "page", 1, 1, int.MaxValue);
        var sizeValue = ApiRequest.Int(pageSize, "pageSize", 50, 1, Limits.MaxPageSize);
        var sortValue = ApiRequest.Enum<ItemSort>(sort, "sort");
        var descendingValue = ApiRequest.Bool(descending, "descending");
        var error = FirstError(id.Error, statusValue.Error, sentimentValue.Error, pageValue.Error, sizeValue.Error,
            sortValue.Error, descendingValue.Error);
        if (error is not null)
            return ApiErrors.Problem(error);

        var query = new ItemQuery(statusValue.Ok, sentimentValue.Ok, label, reviewer, q, pageValue.Ok, sizeValue.Ok,
            sortValue.Ok ?? ItemSort.Added, descendingValue.Ok ?? false);
        return ApiErrors.From(await items.ListAsync(ApiRequest.Caller(context), id.Ok, query, ct), ItemPageDto.From);
    }

    private static async Task<IResult> NextAsync(string queueId, HttpContext context, ReviewItemService items,
        CancellationToken ct)
    {
        var id = ApiRequest.Id(queueId, "queueId");
        if (!id.IsSuccess)
            return ApiErrors.Problem(id.Error!);

        var claimed = await items.ClaimNextAsync(ApiRequest.Caller(context), id.Ok, ct);
        if (!claimed.IsSuccess)
            return ApiErrors.Problem(claimed.Error!);
        return claimed.Ok is { } item ? TypedResults.Ok(ItemDto.From(item)) : TypedResults.NoContent();
    }

    private static async Task<IResult> ExportAsync(string queueId, HttpContext context, ExportService export,
        CancellationToken ct)
    {
        var id = ApiRequest.Id(queueId, "queueId");
        if (!id.IsSuccess)
            return ApiErrors.Problem(id.Error!);
        var body = await ApiJson.ReadBodyAsync<ExportRequest>(context.Request, ct: ct);
        if (!body.IsSuccess)
            return ApiErrors.Problem(body.Error!);

        var exported = await ExportQueueAsync(ApiRequest.Caller(context), id.Ok, body.Ok, export, ct);
        return ApiErrors.From(exported, r => r);
    }

    /// <summary>Exporting, shared with the tRPC procedure.</summary>
    public static Task<Result<ExportResult>> ExportQueueAsync(Caller caller, long queueId, ExportRequest body,
        ExportService export, CancellationToken ct)
    {
        if (body.DatasetId is <= 0)
        {
            return Task.FromResult<Result<ExportResult>>(
                Error.InvalidField("datasetId", "\"datasetId\" must be a positive whole number."));
        }

        return export.ExportAsync(caller, queueId, body.DatasetId, body.DatasetName, ct);
    }

    internal static Error? FirstError(params Error?[] errors)
    {
        var failed = errors.Where(e => e is not null).Select(e => e!).ToList();
        if (failed.Count <= 1)
            return failed.FirstOrDefault();

        var fields = failed.Where(e => e.Fields is not null).SelectMany(e => e.Fields!)
            .GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.SelectMany(f => f.Value).ToArray());
        return Error.InvalidFields(fields);
    }
}
