namespace ReviewQueue.Core.Reviews;

/// <summary>How far a queue has come: item counts by status.</summary>
public sealed record QueueProgress(int Total, int Pending, int InReview, int Approved, int Rejected, int Skipped)
{
    public static readonly QueueProgress Empty = new(0, 0, 0, 0, 0, 0);

    public int Done => Approved + Rejected;

    public bool HasOpenItems => Pending + InReview + Skipped > 0;
}

/// <summary>A queue as the front ends show it.</summary>
public sealed record QueueView(
    long Id,
    long ProjectId,
    string Name,
    string? Description,
    QueueStatus Status,
    QueueProgress Progress,
    string CreatedByName,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>An item as the front ends show it.</summary>
public sealed record ReviewItemView(
    long Id,
    long QueueId,
    string TraceId,
    string TraceName,
    ItemStatus Status,
    ReviewDecision? Decision,
    Sentiment? Sentiment,
    string? Label,
    string? Notes,
    string? ReviewerId,
    string? Reviewer,
    DateTime? ReviewedAt,
    string? HeldById,
    string? HeldBy,
    DateTime? LeaseExpiresAt,
    DateTime AddedAt);

/// <summary>One step of an item's history.</summary>
public sealed record ItemHistoryEntry(
    DateTime At,
    ItemAction Action,
    ItemStatus From,
    ItemStatus To,
    string ActorName,
    ReviewDecision? Decision,
    Sentiment? Sentiment,
    string? Label,
    string? Notes);

/// <summary>The answer to adding traces to a queue.</summary>
public sealed record AddItemsResult(int Added, int AlreadyInQueue, IReadOnlyList<string> NotFound);

/// <summary>The answer to an export: the dataset, what was added, and what it already held.</summary>
public sealed record ExportResult(long DatasetId, string DatasetName, int Exported, int AlreadyInDataset);

/// <summary>The answer to a reset or remove of selected items.</summary>
public sealed record BulkResult(int Affected, int NotFound);
