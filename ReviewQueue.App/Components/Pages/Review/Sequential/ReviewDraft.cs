using ReviewQueue.Core.Reviews;

namespace ReviewQueue.App.Components.Pages.Review.Sequential;

/// <summary>What the reviewer has entered for the item on screen, before it is sent.</summary>
public sealed class ReviewDraft
{
    public const string SentimentHint = "Choose a sentiment first: Positive (1), Neutral (2) or Negative (3).";

    public Sentiment? Sentiment { get; private set; }

    public ReviewDecision Decision { get; private set; } = ReviewDecision.APPROVED;

    public string? Label { get; set; }

    public string? Notes { get; set; }

    /// <summary>Why the last submit was not sent, shown beside the Submit button.</summary>
    public string? Hint { get; set; }

    /// <summary>Whether a label or notes are entered.</summary>
    public bool HasText => !string.IsNullOrEmpty(Label) || !string.IsNullOrEmpty(Notes);

    /// <summary>A draft holding an earlier review, for changing it.</summary>
    public static ReviewDraft From(ReviewItemView item) => new()
    {
        Sentiment = item.Sentiment,
        Decision = item.Decision ?? ReviewDecision.APPROVED,
        Label = item.Label,
        Notes = item.Notes,
    };

    public void Choose(Sentiment sentiment)
    {
        Sentiment = sentiment;
        Hint = null;
    }

    public void Choose(ReviewDecision decision) => Decision = decision;

    /// <summary>The values to send, or null with <see cref="Hint"/> saying why they cannot be sent.</summary>
    public ReviewValues? TryGetValues()
    {
        if (Sentiment is null)
        {
            Hint = SentimentHint;
            return null;
        }

        var values = ReviewValues.Create(Decision, Sentiment, Label, Notes);
        Hint = values.IsSuccess ? null : values.Error!.Message;
        return values.Value;
    }
}
