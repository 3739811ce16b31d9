using ReviewQueue.Core.Reviews;

namespace ReviewQueue.Core.Traces;

/// <summary>
/// A human judgment on a trace. Written by a review submit; kept when its queue is deleted
/// (the link to the review item is then cleared, the queue's name stays).
/// </summary>
public class TraceAnnotation
{
    private TraceAnnotation()
    {
    }

    public TraceAnnotation(long traceKey, long reviewItemId, string queueName, ReviewValues review,
        string authorId, string authorName, DateTime now)
    {
        TraceKey = traceKey;
        ReviewItemId = reviewItemId;
        QueueName = queueName;
        AuthorId = authorId;
        AuthorName = authorName;
        CreatedAt = now;
        Apply(review, now);
    }

    public long Id { get; private set; }

    public long TraceKey { get; private set; }

    public long? ReviewItemId { get; private set; }

    public string QueueName { get; private set; } = "";

    public ReviewDecision Decision { get; private set; }

    public Sentiment Sentiment { get; private set; }

    public string? Label { get; private set; }

    public string? Notes { get; private set; }

    public string AuthorId { get; private set; } = "";

    public string AuthorName { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>A re-review changes the annotation in place rather than adding another.</summary>
    public void Update(ReviewValues review, string authorId, string authorName, DateTime now)
    {
        AuthorId = authorId;
        AuthorName = authorName;
        Apply(review, now);
    }

    private void Apply(ReviewValues review, DateTime now)
    {
        Decision = review.Decision;
        Sentiment = review.Sentiment;
        Label = review.Label;
        Notes = review.Notes;
        UpdatedAt = now;
    }
}
