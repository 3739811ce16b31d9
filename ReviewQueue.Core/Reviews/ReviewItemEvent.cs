namespace ReviewQueue.Core.Reviews;

/// <summary>One step in an item's history: who, when, from which status to which, and the review given.</summary>
public class ReviewItemEvent
{
    private ReviewItemEvent()
    {
    }

    internal ReviewItemEvent(long itemId, ItemAction action, ItemStatus from, ItemStatus to, string actorId,
        string actorName, DateTime at, ReviewValues? review)
    {
        ItemId = itemId;
        Action = action;
        FromStatus = from;
        ToStatus = to;
        ActorId = actorId;
        ActorName = actorName;
        At = at;
        Decision = review?.Decision;
        Sentiment = review?.Sentiment;
        Label = review?.Label;
        Notes = review?.Notes;
    }

    public long Id { get; private set; }

    public long ItemId { get; private set; }

    public ItemAction Action { get; private set; }

    public ItemStatus FromStatus { get; private set; }

    public ItemStatus ToStatus { get; private set; }

    public string ActorId { get; private set; } = "";

    public string ActorName { get; private set; } = "";

    public DateTime At { get; private set; }

    public ReviewDecision? Decision { get; private set; }

    public Sentiment? Sentiment { get; private set; }

    public string? Label { get; private set; }

    public string? Notes { get; private set; }
}
