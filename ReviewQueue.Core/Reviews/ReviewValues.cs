using ReviewQueue.Core.Common;

namespace ReviewQueue.Core.Reviews;

/// <summary>A validated review: the decision, a required sentiment, and an optional label and notes.</summary>
public sealed record ReviewValues
{
    private ReviewValues(ReviewDecision decision, Sentiment sentiment, string? label, string? notes)
    {
        Decision = decision;
        Sentiment = sentiment;
        Label = label;
        Notes = notes;
    }

    public ReviewDecision Decision { get; }

    public Sentiment Sentiment { get; }

    public string? Label { get; }

    public string? Notes { get; }

    /// <summary>Checks the raw values; a blank label or notes counts as none.</summary>
    public static Result<ReviewValues> Create(ReviewDecision? decision, Sentiment? sentiment, string? label, string? notes)
    {
        var errors = new Dictionary<string, string[]>();
        label = string.IsNullOrWhiteSpace(label) ? null : label.Trim();
        notes = string.IsNullOrWhiteSpace(notes) ? null : notes;

        if (decision is null || !Enum.IsDefined(decision.Value))
            errors["decision"] = ["Choose a decision: APPROVED or REJECTED."];
        if (sentiment is null || !Enum.IsDefined(sentiment.Value))
            errors["sentiment"] = ["Choose a sentiment: POSITIVE, NEUTRAL or NEGATIVE."];
        if (label is { Length: > Limits.LabelLength })
            errors["label"] = [$"The label is at most {Limits.LabelLength} characters."];
        if (notes is { Length: > Limits.NotesLength })
            errors["notes"] = [$"The notes are at most {Limits.NotesLength:N0} characters."];

        if (errors.Count > 0)
            return Error.InvalidFields(errors);

        return new ReviewValues(decision!.Value, sentiment!.Value, label, notes);
    }
}
