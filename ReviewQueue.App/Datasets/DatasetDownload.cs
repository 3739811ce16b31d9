using System.Globalization;
using ReviewQueue.App.Auth;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Datasets;
using ReviewQueue.Core.Projects;

namespace ReviewQueue.App.Datasets;

/// <summary>
/// The dataset page's "Download JSON Lines" link: a plain GET with the sign-in cookie, streamed
/// from the database. Someone who may not see the project gets 404, like every page of it.
/// </summary>
public static class DatasetDownload
{
    public const string ContentType = "application/x-ndjson";

    public static IEndpointRouteBuilder MapDatasetDownload(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/projects/{slug}/datasets/{datasetId:long}/download", DownloadAsync).RequireAuthorization();
        return endpoints;
    }

    private static async Task<IResult> DownloadAsync(string slug, long datasetId, HttpContext http,
        ProjectAccess access, DatasetService datasets, CancellationToken ct)
    {
        var caller = http.User.ToCaller();
        if (caller is null)
            return Results.Unauthorized();

        var project = await access.ResolveAsync(caller, slug, Permission.ViewTraces, ct);
        if (!project.IsSuccess)
            return Problem(project.Error!);

        var dataset = await datasets.GetAsync(caller, datasetId, ct);
        if (!dataset.IsSuccess)
            return Problem(dataset.Error!);
        if (dataset.Ok.ProjectId != project.Ok.Id)
            return Problem(Error.NotFound($"Dataset {datasetId} was not found."));

        var fileName = string.Create(CultureInfo.InvariantCulture, $"dataset-{datasetId}.jsonl");
        http.Response.ContentType = ContentType;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";

        // Access was checked above, so the stream starts only for a caller who may read it.
        var written = await datasets.WriteJsonLinesAsync(caller, datasetId, http.Response.Body, ct);
        return written.IsSuccess ? Results.Empty : Problem(written.Error!);
    }

    private static IResult Problem(Error error) => Results.Problem(
        detail: error.Message,
        statusCode: error.Kind switch
        {
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        });
}
