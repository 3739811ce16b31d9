using System.Text.Json;
using ReviewQueue.Core.Datasets;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Core.Traces;

namespace ReviewQueue.App.Api;

// The shapes of the HTTP API. Requests have nullable members so that a missing field is reported
// by name instead of failing deserialization; answers carry the names SPEC.md relies on.

/// <summary>Body of <c>POST /api/traces</c>.</summary>
public sealed record IngestTracesRequest(IReadOnlyList<TraceInput?>? Traces);

/// <summary>Body of <c>POST /api/review/queues</c>.</summary>
public sealed record CreateQueueRequest(string? Name, string? Description);

/// <summary>
/// Body of <c>PATCH /api/review/queues/{queueId}</c>: a new name or description, or a new status
/// (<c>ARCHIVED</c> archives, <c>ACTIVE</c> restores) — one or the other in one request.
/// </summary>
public sealed record UpdateQueueRequest(string? Name, string? Description, QueueStatus? Status);

/// <summary>Body of <c>POST /api/review/queues/{queueId}/items</c>.</summary>
public sealed record AddItemsRequest(IReadOnlyList<string?>? TraceIds);

/// <summary>Body of <c>POST /api/review/items/{itemId}/review</c>.</summary>
public sealed record ReviewRequest(ReviewDecision? Decision, Sentiment? Sentiment, string? Label, string? Notes);

/// <summary>Body of <c>POST /api/review/queues/{queueId}/export</c>: an existing dataset or a name.</summary>
public sealed record ExportRequest(long? DatasetId, string? DatasetName);

/// <summary>A queue with its progress counts.</summary>
public sealed record QueueDto(
    long Id,
    long ProjectId,
    string Name,
    string? Description,
    QueueStatus Status,
    int Total,
    int Pending,
    int InReview,
    int Approved,
    int Rejected,
    int Skipped,
    string CreatedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static QueueDto From(QueueView q) => new(q.Id, q.ProjectId, q.Name, q.Description, q.Status,
        q.Progress.Total, q.Progress.Pending, q.Progress.InReview, q.Progress.Approved, q.Progress.Rejected,
        q.Progress.Skipped, q.CreatedByName, q.CreatedAt, q.UpdatedAt);
}

/// <summary>A review item.</summary>
public sealed record ItemDto(
    long Id,
    long QueueId,
    string TraceId,
    string TraceName,
    ItemStatus Status,
    ReviewDecision? Decision,
    Sentiment? Sentiment,
    string? Label,
    string? Notes,
    string? Reviewer,
    DateTime? ReviewedAt,
    string? HeldBy,
    DateTime? LeaseExpiresAt,
    DateTime AddedAt)
{
    public static ItemDto From(ReviewItemView i) => new(i.Id, i.QueueId, i.TraceId, i.TraceName, i.Status,
        i.Decision, i.Sentiment, i.Label, i.Notes, i.Reviewer, i.ReviewedAt, i.HeldBy, i.LeaseExpiresAt, i.AddedAt);
}

/// <summary>An item with its history.</summary>
public sealed record ItemDetailDto(ItemDto Item, IReadOnlyList<ItemHistoryEntry> History)
{
    public static ItemDetailDto From(ReviewItemDetail d) => new(ItemDto.From(d.Item), d.History);
}

/// <summary>A page of items.</summary>
public sealed record ItemPageDto(IReadOnlyList<ItemDto> Items, int Total, int Page, int PageSize)
{
    public static ItemPageDto From(ItemPage p) => new([.. p.Items.Select(ItemDto.From)], p.Total, p.Page, p.PageSize);
}

/// <summary>The answer to an ingest.</summary>
public sealed record IngestTracesResponse(int Created, int Existing, IReadOnlyList<string> CreatedIds,
    IReadOnlyList<string> ExistingIds)
{
    public static IngestTracesResponse From(IngestResult r) =>
        new(r.Created.Count, r.Existing.Count, r.Created, r.Existing);
}

/// <summary>A row of the trace search.</summary>
public sealed record TraceSummaryDto(
    string Id,
    string Name,
    DateTime Timestamp,
    IReadOnlyList<string> Tags,
    int? LatencyMs,
    int? TotalTokens,
    double? Cost,
    TraceStatus Status,
    int AnnotationCount)
{
    public static TraceSummaryDto From(TraceRow r) => new(r.TraceId, r.Name, r.Timestamp, r.Tags, r.LatencyMs,
        r.TotalTokens, r.Cost, r.Status, r.AnnotationCount);
}

/// <summary>A page of the trace search.</summary>
public sealed record TracePageDto(IReadOnlyList<TraceSummaryDto> Traces, int Total, int Page, int PageSize);

/// <summary>A human judgment on a trace.</summary>
public sealed record AnnotationDto(
    long Id,
    ReviewDecision Decision,
    Sentiment Sentiment,
    string? Label,
    string? Notes,
    string Author,
    string QueueName,
    long? ReviewItemId,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static AnnotationDto From(AnnotationView a) => new(a.Id, a.Decision, a.Sentiment, a.Label, a.Notes,
        a.Author, a.QueueName, a.ReviewItemId, a.CreatedAt, a.UpdatedAt);
}

/// <summary>A span of a trace; input and output are the JSON that was sent.</summary>
public sealed record SpanDto(
    string Id,
    string? ParentId,
    string Name,
    SpanKind Kind,
    DateTime StartTime,
    DateTime EndTime,
    double DurationMs,
    JsonElement? Input,
    JsonElement? Output,
    string? Model)
{
    public static SpanDto From(SpanView s) => new(s.SpanId, s.ParentSpanId, s.Name, s.Kind, s.StartTime,
        s.EndTime, s.DurationMs, ApiJson.Embed(s.Input), ApiJson.Embed(s.Output), s.Model);
}

/// <summary>One trace with its spans and annotations; input, output and metadata are JSON.</summary>
public sealed record TraceDto(
    string Id,
    string Name,
    DateTime Timestamp,
    JsonElement? Input,
    JsonElement? Output,
    JsonElement? Metadata,
    IReadOnlyList<string> Tags,
    string? UserId,
    string? SessionId,
    int? LatencyMs,
    int? PromptTokens,
    int? CompletionTokens,
    int? TotalTokens,
    double? Cost,
    TraceStatus Status,
    IReadOnlyList<SpanDto> Spans,
    IReadOnlyList<AnnotationDto> Annotations)
{
    public static TraceDto From(TraceDetail t) => new(t.TraceId, t.Name, t.Timestamp, ApiJson.Embed(t.Input),
        ApiJson.Embed(t.Output), ApiJson.Embed(t.Metadata), t.Tags, t.UserId, t.SessionId, t.LatencyMs,
        t.PromptTokens, t.CompletionTokens, t.TotalTokens, t.Cost, t.Status, [.. t.Spans.Select(SpanDto.From)],
        [.. t.Annotations.Select(AnnotationDto.From)]);
}

/// <summary>A dataset with its item count.</summary>
public sealed record DatasetDto(long Id, string Name, string? Description, int ItemCount, DateTime CreatedAt)
{
    public static DatasetDto From(DatasetView d) => new(d.Id, d.Name, d.Description, d.ItemCount, d.CreatedAt);
}

/// <summary>One dataset item; input, expected output and metadata are JSON.</summary>
public sealed record DatasetItemDto(
    long Id,
    long DatasetId,
    JsonElement? Input,
    JsonElement? ExpectedOutput,
    JsonElement? Metadata,
    string? SourceTraceId,
    long? SourceQueueId,
    long? SourceReviewItemId,
    DateTime CreatedAt)
{
    public static DatasetItemDto From(DatasetItemView i) => new(i.Id, i.DatasetId, ApiJson.Embed(i.Input),
        ApiJson.Embed(i.ExpectedOutput), ApiJson.Embed(i.Metadata), i.SourceTraceId, i.SourceQueueId,
        i.SourceReviewItemId, i.CreatedAt);
}

/// <summary>A page of a dataset's items.</summary>
public sealed record DatasetItemPageDto(IReadOnlyList<DatasetItemDto> Items, int Total, int Page, int PageSize)
{
    public static DatasetItemPageDto From(DatasetItemPage p) =>
        new([.. p.Items.Select(DatasetItemDto.From)], p.Total, p.Page, p.PageSize);
}
