using ReviewQueue.Core.Common;
using ReviewQueue.Core.Traces;

namespace ReviewQueue.Core.Reviews;

/// <summary>
/// One trace in one queue. Its status moves only through the methods below, each of which
/// refuses a step its state does not allow and records the step in <see cref="History"/>.
/// The claim itself is a single conditional UPDATE (see <c>ReviewItemService.ClaimNextAsync</c>),
/// which then calls <see cref="RecordClaim"/> for the history.
/// </summary>
public class ReviewItem
{
    private ReviewItem()
    {
    }

    public long Id { get; private set; }

    public long QueueId { get; private set; }

    public long TraceKey { get; private set; }

    /// <summary>
    /// The trace's own id and name, copied when the item is added (a trace never changes after
    /// ingest), so that claims and list pages read and sort the item without joining its trace.
    /// </summary>
    public string TraceId { get; private set; } = "";

    public string TraceName { get; private set; } = "";

    public ItemStatus Status { get; private set; }

    /// <summary>Where the item goes back to when its holder lets go or the lease lapses.</summary>
    public ItemStatus? StatusBeforeClaim { get; private set; }

    public string? HeldById { get; private set; }

    public string? HeldByName { get; private set; }

    public DateTime? LeaseExpiresAt { get; private set; }

    public ReviewDecision? Decision { get; private set; }

    public Sentiment? Sentiment { get; private set; }

    public string? Label { get; private set; }

    public string? Notes { get; private set; }

    public string? ReviewerId { get; private set; }

    public string? ReviewerName { get; private set; }

    public DateTime? ReviewedAt { get; private set; }

    public DateTime AddedAt { get; private set; }

    public string AddedById { get; private set; } = "";

    /// <summary>Optimistic concurrency token: every transition bumps it.</summary>
    public int Version { get; private set; }

    public Trace? Trace { get; private set; }

    public ICollection<ReviewItemEvent> History { get; private set; } = [];

    public ReviewValues? Review => Decision is { } d && Sentiment is { } s
        ? ReviewValues.Create(d, s, Label, Notes).Value
        : null;

    public bool IsHeldBy(Caller caller, DateTime now) =>
        Status == ItemStatus.IN_REVIEW && HeldById == caller.PrincipalId && LeaseExpiresAt > now;

    /// <summary>History for a claim made by the set-based UPDATE.</summary>
    /// <remarks>
    /// The UPDATE already bumped <see cref="Version"/>, so only the history row is written: the row
    /// itself is not touched again.
    /// </remarks>
    public void RecordClaim(Caller caller, DateTime now) =>
        History.Add(new ReviewItemEvent(Id, ItemAction.CLAIMED, StatusBeforeClaim ?? ItemStatus.PENDING, Status,
            caller.PrincipalId, caller.DisplayName, now, null));

    public Result Renew(Caller caller, DateTime now, TimeSpan lease)
    {
        var held = EnsureHeldBy(caller, now);
        if (!held.IsSuccess)
            return held;

        LeaseExpiresAt = now + lease;
        return Result.Success();
    }

    public Result Submit(Caller caller, ReviewValues review, DateTime now)
    {
        var held = EnsureHeldBy(caller, now);
        if (!held.IsSuccess)
            return held;

        var from = Status;
        Status = review.Decision.ToStatus();
        Decision = review.Decision;
        Sentiment = review.Sentiment;
        Label = review.Label;
        Notes = review.Notes;
        ReviewerId = caller.PrincipalId;
        ReviewerName = caller.DisplayName;
        ReviewedAt = now;
        LetGo();
        Record(ItemAction.SUBMITTED, from, caller.PrincipalId, caller.DisplayName, now, review);
        return Result.Success();
    }

    public Result Skip(Caller caller, DateTime now)
    {
        var held = EnsureHeldBy(caller, now);
        if (!held.IsSuccess)
            return held;

        if (StatusBeforeClaim is { } before && before.IsDecided())
            return Error.Conflict("A reopened review cannot be skipped; submit it or release it.");

        Status = ItemStatus.SKIPPED;
        LetGo();
        Record(ItemAction.SKIPPED, ItemStatus.IN_REVIEW, caller.PrincipalId, caller.DisplayName, now);
        return Result.Success();
    }

    /// <summary>The holder lets go: the item returns to the status it had before the claim.</summary>
    public Result Release(Caller caller, DateTime now)
    {
        if (Status != ItemStatus.IN_REVIEW || HeldById != caller.PrincipalId)
            return Error.Conflict("You do not hold this item, so there is nothing to release.");

        Status = StatusBeforeClaim ?? ItemStatus.PENDING;
        LetGo();
        Record(ItemAction.RELEASED, ItemStatus.IN_REVIEW, caller.PrincipalId, caller.DisplayName, now);
        return Result.Success();
    }

    /// <summary>The lease ran out: the item returns to the status it had before the claim.</summary>
    public Result Lapse(DateTime now)
    {
        if (Status != ItemStatus.IN_REVIEW || LeaseExpiresAt > now)
            return Error.Conflict("The item's lease has not lapsed.");

        var holderId = HeldById ?? "";
        var holderName = HeldByName ?? "";
        Status = StatusBeforeClaim ?? ItemStatus.PENDING;
        LetGo();
        Record(ItemAction.LAPSED, ItemStatus.IN_REVIEW, holderId, holderName, now);
        return Result.Success();
    }

    /// <summary>Takes a decided item back into review, by its reviewer or by an admin.</summary>
    public Result Reopen(Caller caller, bool mayReopenOthers, DateTime now, TimeSpan lease)
    {
        if (!Status.IsDecided())
            return Error.Conflict($"Only an approved or rejected item can be reopened; this one is {Status}.");
        if (ReviewerId != caller.PrincipalId && !mayReopenOthers)
            return Error.Forbidden("Only the reviewer who decided this item, or an ADMIN or higher, can reopen it.");

        var from = Status;
        StatusBeforeClaim = Status;
        Status = ItemStatus.IN_REVIEW;
        HeldById = caller.PrincipalId;
        HeldByName = caller.DisplayName;
        LeaseExpiresAt = now + lease;
        Record(ItemAction.REOPENED, from, caller.PrincipalId, caller.DisplayName, now);
        return Result.Success();
    }

    /// <summary>Back to PENDING from any status; the annotation already written stays on the trace.</summary>
    public void Reset(Caller caller, DateTime now)
    {
        var from = Status;
        Status = ItemStatus.PENDING;
        Decision = null;
        Sentiment = null;
        Label = null;
        Notes = null;
        ReviewerId = null;
        ReviewerName = null;
        ReviewedAt = null;
        LetGo();
        Record(ItemAction.RESET, from, caller.PrincipalId, caller.DisplayName, now);
    }

    private Result EnsureHeldBy(Caller caller, DateTime now)
    {
        if (Status != ItemStatus.IN_REVIEW)
            return Error.Conflict($"This item is {Status}, not in review: claim it first.");
        if (HeldById != caller.PrincipalId)
            return Error.Conflict($"{HeldByName} is reviewing this item now.");
        if (LeaseExpiresAt <= now)
            return Error.Conflict($"Your hold on this item lapsed at {LeaseExpiresAt:u}; claim it again.");

        return Result.Success();
    }

    private void LetGo()
    {
        StatusBeforeClaim = null;
        HeldById = null;
        HeldByName = null;
        LeaseExpiresAt = null;
    }

    private void Record(ItemAction action, ItemStatus from, string actorId, string actorName, DateTime now,
        ReviewValues? review = null)
    {
        Version++;
        History.Add(new ReviewItemEvent(Id, action, from, Status, actorId, actorName, now, review));
    }
}
