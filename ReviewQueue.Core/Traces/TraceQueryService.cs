using Microsoft.EntityFrameworkCore;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.Core.Traces;

public enum TraceSort
{
    Time,
    Name,
    Latency,
    Tokens,
    Cost,
    Annotations,
}

/// <summary>Which traces to list: every field is optional, and all given ones must match.</summary>
public sealed record TraceFilter
{
    /// <summary>Part of a trace's name or id.</summary>
    public string? Search { get; init; }

    public string? Tag { get; init; }

    public TraceStatus? Status { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }

    public bool? HasAnnotations { get; init; }
}

/// <summary>A page of the trace list: a filter, a sort, and where the page starts.</summary>
public sealed record TraceQuery
{
    public TraceFilter Filter { get; init; } = new();

    public TraceSort Sort { get; init; } = TraceSort.Time;

    public bool Descending { get; init; } = true;

    public int Page { get; init; }

    public int PageSize { get; init; } = 50;
}

/// <summary>One row of the Traces page.</summary>
public sealed record TraceRow(
    string TraceId,
    string Name,
    DateTime Timestamp,
    IReadOnlyList<string> Tags,
    int? LatencyMs,
    int? TotalTokens,
    double? Cost,
    TraceStatus Status,
    int AnnotationCount);

public sealed record TracePage(IReadOnlyList<TraceRow> Rows, int Total, int Page, int PageSize);

public sealed record SpanView(
    string SpanId,
    string? ParentSpanId,
    string Name,
    SpanKind Kind,
    DateTime StartTime,
    DateTime EndTime,
    string? Input,
    string? Output,
    string? Model)
{
    public double DurationMs => (EndTime - StartTime).TotalMilliseconds;
}

public sealed record AnnotationView(
    long Id,
    ReviewDecision Decision,
    Sentiment Sentiment,
    string? Label,
    string? Notes,
    string Author,
    string QueueName,
    long? ReviewItemId,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>One trace with everything the trace view shows. Input, output and metadata are JSON text.</summary>
public sealed record TraceDetail(
    long ProjectId,
    string TraceId,
    string Name,
    DateTime Timestamp,
    string? Input,
    string? Output,
    string Metadata,
    string? UserId,
    string? SessionId,
    int? LatencyMs,
    int? PromptTokens,
    int? CompletionTokens,
    int? TotalTokens,
    double? Cost,
    TraceStatus Status,
    IReadOnlyList<string> Tags,
    IReadOnlyList<SpanView> Spans,
    IReadOnlyList<AnnotationView> Annotations);

/// <summary>
/// Reading traces for the Traces page and the trace view. Every query is bounded: a page at a
/// time, counted by a separate COUNT, filtered on the project's indexes.
/// </summary>
public sealed class TraceQueryService(IDbContextFactory<AppDbContext> dbs)
{
    /// <summary>The most ids <see cref="MatchingIdsAsync"/> hands back in one call.</summary>
    public const int MaxMatchingIds = 100_000;

    public async Task<Result<TracePage>> SearchAsync(Caller caller, long projectId, TraceQuery query,
        CancellationToken ct = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, Limits.MaxPageSize);
        var page = Math.Max(query.Page, 0);

        await using var db = await dbs.CreateDbContextAsync(ct);
        var access = await CheckAsync(db, caller, projectId, ct);
        if (!access.IsSuccess)
            return access.Error!;

        var matching = Filter(db, projectId, query.Filter);
        var total = await matching.CountAsync(ct);

        var rows = await Sort(matching, query.Sort, query.Descending)
            .Skip(page * pageSize)
            .Take(pageSize)
            .Select(t => new
            {
                t.Key,
                t.TraceId,
                t.Name,
                t.Timestamp,
                t.LatencyMs,
                t.TotalTokens,
                t.Cost,
                t.Status,
                t.AnnotationCount,
            })
            .ToListAsync(ct);

        // Tags for the page only, in one query keyed by the primary key's first column.
        var keys = rows.Select(r => r.Key).ToList();
        var tags = (await db.TraceTags.AsNoTracking()
                .Where(g => keys.Contains(g.TraceKey))
                .Select(g => new { g.TraceKey, g.Tag })
                .ToListAsync(ct))
            .ToLookup(g => g.TraceKey, g => g.Tag);

        var result = rows.Select(r => new TraceRow(r.TraceId, r.Name, r.Timestamp,
            [.. tags[r.Key].Order(StringComparer.Ordinal)], r.LatencyMs, r.TotalTokens, r.Cost, r.Status,
            r.AnnotationCount)).ToList();
        return new TracePage(result, total, page, pageSize);
    }

    /// <summary>
    /// The ids of every trace the filter matches, newest first, at most <see cref="MaxMatchingIds"/>;
    /// for "select all N matching". Only the id column is read.
    /// </summary>
    public async Task<Result<IReadOnlyList<string>>> MatchingIdsAsync(Caller caller, long projectId,
        TraceFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var access = await CheckAsync(db, caller, projectId, ct);
        if (!access.IsSuccess)
            return access.Error!;

        return await Filter(db, projectId, filter)
            .OrderByDescending(t => t.Timestamp).ThenByDescending(t => t.Key)
            .Select(t => t.TraceId)
            .Take(MaxMatchingIds)
            .ToListAsync(ct);
    }

    public async Task<Result<TraceDetail>> GetAsync(Caller caller, long projectId, string traceId,
        CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var notFound = NotFoundMessage(traceId);
        var access = await ProjectAccess.CheckAsync(db, caller, projectId, Permission.ViewTraces, notFound, ct);
        if (!access.IsSuccess)
            return access.Error!;

        var trace = await db.Traces.AsNoTracking()
            .Where(t => t.ProjectId == projectId && t.TraceId == traceId)
            .FirstOrDefaultAsync(ct);
        if (trace is null)
            return Error.NotFound(notFound);

        var tags = await db.TraceTags.AsNoTracking()
            .Where(g => g.TraceKey == trace.Key)
            .OrderBy(g => g.Tag)
            .Select(g => g.Tag)
            .ToListAsync(ct);
        var spans = await db.Spans.AsNoTracking()
            .Where(s => s.TraceKey == trace.Key)
            .OrderBy(s => s.StartTime).ThenBy(s => s.Id)
            .Select(s => new SpanView(s.SpanId, s.ParentSpanId, s.Name, s.Kind, s.StartTime, s.EndTime,
                s.Input, s.Output, s.Model))
            .ToListAsync(ct);
        var annotations = await db.TraceAnnotations.AsNoTracking()
            .Where(a => a.TraceKey == trace.Key)
            .OrderByDescending(a => a.UpdatedAt)
            .Select(a => new AnnotationView(a.Id, a.Decision, a.Sentiment, a.Label, a.Notes, a.AuthorName,
                a.QueueName, a.ReviewItemId, a.CreatedAt, a.UpdatedAt))
            .ToListAsync(ct);

        return new TraceDetail(trace.ProjectId, trace.TraceId, trace.Name, trace.Timestamp, trace.Input,
            trace.Output, trace.Metadata, trace.UserId, trace.SessionId, trace.LatencyMs, trace.PromptTokens,
            trace.CompletionTokens, trace.TotalTokens, trace.Cost, trace.Status, tags, spans, annotations);
    }

    /// <summary>The project's tags, for the tag filter; at most <paramref name="limit"/>, by name.</summary>
    public async Task<Result<IReadOnlyList<string>>> TagsAsync(Caller caller, long projectId, int limit = 200,
        CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var access = await CheckAsync(db, caller, projectId, ct);
        if (!access.IsSuccess)
            return access.Error!;

        return await db.TraceTags.AsNoTracking()
            .Where(g => db.Traces.Any(t => t.Key == g.TraceKey && t.ProjectId == projectId))
            .Select(g => g.Tag)
            .Distinct()
            .OrderBy(tag => tag)
            .Take(limit)
            .ToListAsync(ct);
    }

    private static string NotFoundMessage(string traceId) => $"Trace \"{traceId}\" was not found.";

    private static Task<Result<ProjectRole>> CheckAsync(AppDbContext db, Caller caller, long projectId,
        CancellationToken ct) =>
        ProjectAccess.CheckAsync(db, caller, projectId, Permission.ViewTraces,
            $"Project {projectId} was not found.", ct);

    private static IQueryable<Trace> Filter(AppDbContext db, long projectId, TraceFilter filter)
    {
        var traces = db.Traces.AsNoTracking().Where(t => t.ProjectId == projectId);

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            // An exact id is an index lookup; a part of a name or id is a scan of the project's rows.
            var search = filter.Search.Trim();
            var pattern = "%" + EscapeLike(search) + "%";
            traces = traces.Where(t => t.TraceId == search
                || EF.Functions.Like(t.Name, pattern, "\\")
                || EF.Functions.Like(t.TraceId, pattern, "\\"));
        }

        if (!string.IsNullOrWhiteSpace(filter.Tag))
        {
            var tag = filter.Tag.Trim();
            traces = traces.Where(t => t.Tags.Any(g => g.Tag == tag));
        }

        if (filter.Status is { } status)
            traces = traces.Where(t => t.Status == status);
        if (filter.From is { } from)
            traces = traces.Where(t => t.Timestamp >= from.ToUniversalTime());
        if (filter.To is { } to)
            traces = traces.Where(t => t.Timestamp <= to.ToUniversalTime());
        if (filter.HasAnnotations is { } has)
            traces = has ? traces.Where(t => t.AnnotationCount > 0) : traces.Where(t => t.AnnotationCount == 0);

        return traces;
    }

    private static IQueryable<Trace> Sort(IQueryable<Trace> traces, TraceSort sort, bool descending)
    {
        // The trace key breaks ties so that paging is stable.
        var ordered = (sort, descending) switch
        {
            (TraceSort.Name, false) => traces.OrderBy(t => t.Name),
            (TraceSort.Name, true) => traces.OrderByDescending(t => t.Name),
            (TraceSort.Latency, false) => traces.OrderBy(t => t.LatencyMs),
            (TraceSort.Latency, true) => traces.OrderByDescending(t => t.LatencyMs),
            (TraceSort.Tokens, false) => traces.OrderBy(t => t.TotalTokens),
            (TraceSort.Tokens, true) => traces.OrderByDescending(t => t.TotalTokens),
            (TraceSort.Cost, false) => traces.OrderBy(t => t.Cost),
            (TraceSort.Cost, true) => traces.OrderByDescending(t => t.Cost),
            (TraceSort.Annotations, false) => traces.OrderBy(t => t.AnnotationCount),
            (TraceSort.Annotations, true) => traces.OrderByDescending(t => t.AnnotationCount),
            (_, false) => traces.OrderBy(t => t.Timestamp),
            _ => traces.OrderByDescending(t => t.Timestamp),
        };
        return descending ? ordered.ThenByDescending(t => t.Key) : ordered.ThenBy(t => t.Key);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
