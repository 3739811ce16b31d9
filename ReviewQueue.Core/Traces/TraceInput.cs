using System.Text.Json;
using ReviewQueue.Core.Common;

namespace ReviewQueue.Core.Traces;

/// <summary>A span as a client sends it.</summary>
public sealed record SpanInput(
    string? Id,
    string? ParentId,
    string? Name,
    SpanKind? Kind,
    DateTime? StartTime,
    DateTime? EndTime,
    JsonElement? Input,
    JsonElement? Output,
    string? Model);

/// <summary>A trace as a client sends it; the id is generated when missing.</summary>
public sealed record TraceInput(
    string? Id,
    string? Name,
    DateTime? Timestamp,
    JsonElement? Input,
    JsonElement? Output,
    JsonElement? Metadata,
    IReadOnlyList<string>? Tags,
    string? UserId,
    string? SessionId,
    int? LatencyMs,
    int? PromptTokens,
    int? CompletionTokens,
    int? TotalTokens,
    double? Cost,
    TraceStatus? Status,
    IReadOnlyList<SpanInput>? Spans)
{
    /// <summary>Field errors for one trace, keyed with the given prefix (e.g. "traces[3].name").</summary>
    public void Validate(string prefix, Dictionary<string, string[]> errors)
    {
        void Add(string field, string message) => errors[$"{prefix}.{field}"] = [message];

        if (Id is not null && (string.IsNullOrWhiteSpace(Id) || Id.Length > Limits.IdLength))
            Add("id", $"A trace id is 1 to {Limits.IdLength} characters.");
        if (Name is { Length: > Limits.NameLength })
            Add("name", $"A trace name is at most {Limits.NameLength} characters.");
        if (Metadata is { } m && m.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
            Add("metadata", "Metadata must be a JSON object.");
        if (Tags is { } tags && tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > Limits.TagLength))
            Add("tags", $"Every tag is 1 to {Limits.TagLength} characters.");
        if (Tags is { Count: > 50 })
            Add("tags", "A trace has at most 50 tags.");
        if (UserId is { Length: > Limits.IdLength })
            Add("userId", $"A user id is at most {Limits.IdLength} characters.");
        if (SessionId is { Length: > Limits.IdLength })
            Add("sessionId", $"A session id is at most {Limits.IdLength} characters.");
        if (LatencyMs < 0 || PromptTokens < 0 || CompletionTokens < 0 || TotalTokens < 0 || Cost < 0)
            Add("metrics", "Latency, token counts and cost cannot be negative.");
        if (Cost is { } c && (double.IsNaN(c) || double.IsInfinity(c)))
            Add("cost", "Cost must be a finite number.");
        if (Spans is { Count: > 1_000 })
            Add("spans", "A trace has at most 1,000 spans.");
        if (Spans?.Any(s => s.Name is { Length: > Limits.NameLength } || s.Id is { Length: > Limits.IdLength }
                || s.ParentId is { Length: > Limits.IdLength } || s.Model is { Length: > Limits.ModelLength }) == true)
            Add("spans", "A span's id, parent id, name and model are at most 200 characters.");
    }
}
