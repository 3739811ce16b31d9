namespace ReviewQueue.Core.Reviews;

public enum QueueStatus
{
    ACTIVE,
    COMPLETED,
    ARCHIVED,
}

public enum ItemStatus
{
    PENDING,
    IN_REVIEW,
    APPROVED,
    REJECTED,
    SKIPPED,
}

public enum ReviewDecision
{
    APPROVED,
    REJECTED,
}

public enum Sentiment
{
    POSITIVE,
    NEUTRAL,
    NEGATIVE,
}

/// <summary>What happened to an item, as its history records it.</summary>
public enum ItemAction
{
    CLAIMED,
    SUBMITTED,
    SKIPPED,
    RELEASED,
    LAPSED,
    REOPENED,
    RESET,
}

public static class ItemStatuses
{
    /// <summary>Statuses that still need a decision; a queue with none of them left is complete.</summary>
    public static readonly ItemStatus[] Open = [ItemStatus.PENDING, ItemStatus.IN_REVIEW, ItemStatus.SKIPPED];

    public static bool IsDecided(this ItemStatus status) => status is ItemStatus.APPROVED or ItemStatus.REJECTED;

    public static ItemStatus ToStatus(this ReviewDecision decision) =>
        decision == ReviewDecision.APPROVED ? ItemStatus.APPROVED : ItemStatus.REJECTED;
}
