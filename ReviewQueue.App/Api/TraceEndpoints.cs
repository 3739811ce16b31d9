using Microsoft.AspNetCore.Mvc;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Traces;

namespace ReviewQueue.App.Api;

/// <summary>Ingesting, searching and reading traces: <c>/api/traces</c>.</summary>
public static class TraceEndpoints
{
    public static void MapTraceEndpoints(this RouteGroupBuilder api)
    {
        var traces = api.MapGroup("/traces").WithTags("Traces");

        traces.MapPost("", IngestAsync)
            .WithName("IngestTraces")
            .WithSummary("Ingest up to 1,000 traces; a trace whose id is already stored is left as it is (MEMBER+).")
            .AcceptsJson<IngestTracesRequest>()
            .Produces<IngestTracesResponse>();
        traces.MapGet("", SearchAsync)
            .WithName("SearchTraces")
            .WithSummary("Search traces by name or id, tag, status, time and annotations; a page at a time.")
            .Produces<TracePageDto>();
        // A catch-all, because client-given trace ids may hold slashes ("team/chat-1").
        traces.MapGet("/{**traceId}", GetAsync)
            .WithName("GetTrace")
            .WithSummary("Read one trace with its spans and annotations.")
            .Produces<TraceDto>();
    }

    private static async Task<IResult> IngestAsync([FromQuery] string? project, HttpContext context,
        ProjectAccess access, TraceService traces, CancellationToken ct)
    {
        var body = await ApiJson.ReadBodyAsync<IngestTracesRequest>(context.Request, ApiJson.MaxIngestBodyBytes, ct);
        if (!body.IsSuccess)
            return ApiErrors.Problem(body.Error!);

        var input = body.Ok.Traces;
        var shape = CheckShape(input);
        if (shape is not null)
            return ApiErrors.Problem(shape);

        var caller = ApiRequest.Caller(context);
        var resolved = await ApiRequest.ProjectAsync(access, caller, project, Permission.IngestTraces, ct);
        if (!resolved.IsSuccess)
            return ApiErrors.Problem(resolved.Error!);

        var ingested = await traces.IngestAsync(caller, resolved.Ok.Id, [.. input!.Select(t => t!)], ct);
        return ApiErrors.From(ingested, IngestTracesResponse.From);
    }

    /// <summary>What Core's validation takes for granted: an array of objects whose spans are objects.</summary>
    private static Error? CheckShape(IReadOnlyList<TraceInput?>? traces)
    {
        if (traces is null)
            return Error.InvalidField("traces", "Send \"traces\": an array of trace objects.");
        if (traces.Count > Limits.MaxTracesPerIngest)
        {
            return Error.TooLarge(
                $"At most {Limits.MaxTracesPerIngest:N0} traces can be sent in one call; got {traces.Count:N0}.");
        }

        for (var i = 0; i < traces.Count; i++)
        {
            if (traces[i] is not { } trace)
                return Error.InvalidField($"traces[{i}]", $"traces[{i}] must be a trace object, not null.");

            var spans = trace.Spans ?? [];
            for (var s = 0; s < spans.Count; s++)
            {
                if (spans[s] is null)
                {
                    var field = $"traces[{i}].spans[{s}]";
                    return Error.InvalidField(field, $"{field} must be a span object, not null.");
                }
            }
        }

        return null;
    }

    private static async Task<IResult> SearchAsync([FromQuery] string? project, [FromQuery] string? q,
        [FromQuery] string? tag, [FromQuery] string? status, [FromQuery] string? from, [FromQuery] string? to,
        [FromQuery] string? hasAnnotations, [FromQuery] string? sort, [FromQuery] string? descending,
        [FromQuery] string? page, [FromQuery] string? pageSize, HttpContext context, ProjectAccess access,
        TraceQueryService queries, CancellationToken ct)
    {
        var statusValue = ApiRequest.Enum<TraceStatus>(status, "status");
        var fromValue = ApiRequest.Time(from, "from");
        var toValue = ApiRequest.Time(to, "to");
        var annotated = ApiRequest.Bool(hasAnnotations, "hasAnnotations");
        var sortValue = ApiRequest.Enum<TraceSort>(sort, "sort");
        var descendingValue = ApiRequest.Bool(descending, "descending");
        var pageValue = ApiRequest.Int(page, "page", 1, 1, int.MaxValue);
        var sizeValue = ApiRequest.Int(pageSize, "pageSize", 50, 1, Limits.MaxPageSize);
        var tooLong = q is { Length: > Limits.NameLength } || tag is { Length: > Limits.TagLength }
            ? Error.InvalidField(q is { Length: > Limits.NameLength } ? "q" : "tag", "The search text is too long.")
            : null;
        var error = QueueEndpoints.FirstError(statusValue.Error, fromValue.Error, toValue.Error, annotated.Error,
            sortValue.Error, descendingValue.Error, pageValue.Error, sizeValue.Error, tooLong);
        if (error is not null)
            return ApiErrors.Problem(error);

        var caller = ApiRequest.Caller(context);
        var resolved = await ApiRequest.ProjectAsync(access, caller, project, Permission.ViewTraces, ct);
        if (!resolved.IsSuccess)
            return ApiErrors.Problem(resolved.Error!);

        var query = new TraceQuery
        {
            Filter = new TraceFilter
            {
                Search = q,
                Tag = tag,
                Status = statusValue.Ok,
                From = fromValue.Ok,
                To = toValue.Ok,
                HasAnnotations = annotated.Ok,
            },
            Sort = sortValue.Ok ?? TraceSort.Time,
            Descending = descendingValue.Ok ?? true,
            Page = pageValue.Ok - 1,
            PageSize = sizeValue.Ok,
        };
        var found = await queries.SearchAsync(caller, resolved.Ok.Id, query, ct);
        return ApiErrors.From(found, p => new TracePageDto([.. p.Rows.Select(TraceSummaryDto.From)], p.Total,
            p.Page + 1, p.PageSize));
    }

    private static async Task<IResult> GetAsync(string traceId, [FromQuery] string? project, HttpContext context,
        ProjectAccess access, TraceQueryService queries, CancellationToken ct)
    {
        // Kestrel decodes every escape in the path except an encoded slash.
        traceId = traceId.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        var caller = ApiRequest.Caller(context);
        var resolved = await ApiRequest.ProjectAsync(access, caller, project, Permission.ViewTraces, ct);
        if (!resolved.IsSuccess)
            return ApiErrors.Problem(resolved.Error!);
        if (traceId.Length > Limits.IdLength)
            return ApiErrors.Problem(Error.NotFound($"Trace \"{ApiRequest.Shorten(traceId)}\" was not found."));

        return ApiErrors.From(await queries.GetAsync(caller, resolved.Ok.Id, traceId, ct), TraceDto.From);
    }
}
