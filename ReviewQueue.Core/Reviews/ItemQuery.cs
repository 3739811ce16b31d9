using ReviewQueue.Core.Common;

namespace ReviewQueue.Core.Reviews;

public enum ItemSort
{
    Added,
    Status,
    TraceName,
    Reviewer,
    ReviewedAt,
}

/// <summary>A page of a queue's items, filtered and sorted; pages count from 1.</summary>
public sealed record ItemQuery(
    ItemStatus? Status = null,
    Sentiment? Sentiment = null,
    string? Label = null,
    string? Reviewer = null,
    string? Text = null,
    int Page = 1,
    int PageSize = 50,
    ItemSort Sort = ItemSort.Added,
    bool Descending = false)
{
    public Error? Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Page < 1)
            errors["page"] = ["Pages count from 1."];
        if (PageSize is < 1 or > Limits.MaxPageSize)
            errors["pageSize"] = [$"A page holds 1 to {Limits.MaxPageSize} items."];
        if (Label is { Length: > Limits.LabelLength })
            errors["label"] = [$"A label is at most {Limits.LabelLength} characters."];
        if (Reviewer is { Length: > Limits.DisplayNameLength })
            errors["reviewer"] = [$"A reviewer is at most {Limits.DisplayNameLength} characters."];
        if (Text is { Length: > Limits.IdLength })
            errors["q"] = [$"The search text is at most {Limits.IdLength} characters."];
        if (Status is { } s && !Enum.IsDefined(s))
            errors["status"] = ["Unknown status."];
        if (Sentiment is { } m && !Enum.IsDefined(m))
            errors["sentiment"] = ["Unknown sentiment."];
        return errors.Count == 0 ? null : Error.InvalidFields(errors);
    }
}

public sealed record ItemPage(IReadOnlyList<ReviewItemView> Items, int Total, int Page, int PageSize);
