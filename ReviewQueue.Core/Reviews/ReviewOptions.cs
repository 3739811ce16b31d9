namespace ReviewQueue.Core.Reviews;

/// <summary>The <c>Review</c> configuration section.</summary>
public sealed class ReviewOptions
{
    public const string Section = "Review";

    /// <summary>How long a claim holds an item without renewal.</summary>
    public int LeaseSeconds { get; set; } = 300;

    public TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(5, LeaseSeconds));
}
