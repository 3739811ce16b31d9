using Microsoft.AspNetCore.Mvc;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Datasets;
using ReviewQueue.Core.Projects;

namespace ReviewQueue.App.Api;

/// <summary>Datasets and their items: <c>/api/datasets</c>.</summary>
public static class DatasetEndpoints
{
    public const string JsonLinesType = "application/x-ndjson";

    public static void MapDatasetEndpoints(this RouteGroupBuilder api)
    {
        var datasets = api.MapGroup("/datasets").WithTags("Datasets");

        datasets.MapGet("", ListAsync)
            .WithName("ListDatasets")
            .WithSummary("List the project's datasets with their item counts.")
            .Produces<IReadOnlyList<DatasetDto>>();
        datasets.MapGet("/{datasetId}/items", ItemsAsync)
            .WithName("ListDatasetItems")
            .WithSummary("A page of a dataset's items; with ?format=jsonl, every item as JSON Lines.")
            .Produces<DatasetItemPageDto>()
            .Produces(StatusCodes.Status200OK, contentType: JsonLinesType);
    }

    private static async Task<IResult> ListAsync([FromQuery] string? project, HttpContext context,
        ProjectAccess access, DatasetService datasets, CancellationToken ct)
    {
        var caller = ApiRequest.Caller(context);
        var resolved = await ApiRequest.ProjectAsync(access, caller, project, Permission.ViewTraces, ct);
        if (!resolved.IsSuccess)
            return ApiErrors.Problem(resolved.Error!);

        var list = await datasets.ListAsync(caller, resolved.Ok.Id, ct);
        return ApiErrors.From(list, l => l.Select(DatasetDto.From).ToList());
    }

    private static async Task<IResult> ItemsAsync(string datasetId, [FromQuery] string? format,
        [FromQuery] string? page, [FromQuery] string? pageSize, HttpContext context, DatasetService datasets,
        CancellationToken ct)
    {
        var id = ApiRequest.Id(datasetId, "datasetId");
        var pageValue = ApiRequest.Int(page, "page", 1, 1, int.MaxValue);
        var sizeValue = ApiRequest.Int(pageSize, "pageSize", 50, 1, Limits.MaxPageSize);
        var badFormat = format is null or "json" or "jsonl"
            ? null
            : Error.InvalidField("format", "\"format\" is json (the default) or jsonl.");
        var error = QueueEndpoints.FirstError(id.Error, pageValue.Error, sizeValue.Error, badFormat);
        if (error is not null)
            return ApiErrors.Problem(error);

        var caller = ApiRequest.Caller(context);
        if (format != "jsonl")
        {
            var items = await datasets.GetItemsAsync(caller, id.Ok, pageValue.Ok, sizeValue.Ok, ct);
            return ApiErrors.From(items, DatasetItemPageDto.From);
        }

        // Checked first so that a refusal is still a problem, not half a download.
        var dataset = await datasets.GetAsync(caller, id.Ok, ct);
        if (!dataset.IsSuccess)
            return ApiErrors.Problem(dataset.Error!);

        return TypedResults.Stream(async body =>
        {
            var written = await datasets.WriteJsonLinesAsync(caller, id.Ok, body, ct);
            if (!written.IsSuccess)
                throw new InvalidOperationException(written.Error!.Message);
        }, JsonLinesType, $"dataset-{id.Ok}.jsonl");
    }
}
