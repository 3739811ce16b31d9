using Microsoft.EntityFrameworkCore;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.Tests.Core;

public sealed class ItemTransitionTests : IAsyncLifetime
{
    private CoreHarness _h = null!;

    public async Task InitializeAsync() => _h = await CoreHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ClaimTakesPendingInTheOrderAddedThenSkipped()
    {
        var queue = await _h.QueueWithItemsAsync(3);
        var first = await _h.ClaimAsync(_h.Member, queue);
        await _h.Items.SkipAsync(_h.Member, first.Id);

        var second = await _h.ClaimAsync(_h.Member, queue);
        var third = await _h.ClaimAsync(_h.Member, queue);
        var fourth = await _h.ClaimAsync(_h.Member, queue);
        var none = await _h.Items.ClaimNextAsync(_h.Member, queue);

        first.TraceId.Should().Be(CoreHarness.TraceId(1));
        second.TraceId.Should().Be(CoreHarness.TraceId(2));
        third.TraceId.Should().Be(CoreHarness.TraceId(3));
        fourth.TraceId.Should().Be(CoreHarness.TraceId(1), "skipped items come after every pending one");
        none.IsSuccess.Should().BeTrue();
        none.Value.Should().BeNull();
    }

    [Fact]
    public async Task ClaimHoldsTheItemForTheCallerWithALease()
    {
        var queue = await _h.QueueWithItemsAsync(1);

        var item = await _h.ClaimAsync(_h.Member, queue);

        item.Status.Should().Be(ItemStatus.IN_REVIEW);
        item.HeldById.Should().Be(_h.Member.PrincipalId);
        item.LeaseExpiresAt.Should().Be(_h.Clock.GetUtcNow().UtcDateTime.AddSeconds(CoreHarness.LeaseSeconds));
    }

    [Fact]
    public async Task SubmitDecidesTheItemAndWritesOneAnnotation()
    {
        var queue = await _h.QueueWithItemsAsync(2);
        var item = await _h.ClaimAsync(_h.Member, queue);

        var submitted = await _h.Items.SubmitAsync(_h.Member, item.Id,
            CoreHarness.Review(ReviewDecision.REJECTED, Sentiment.NEGATIVE, "hallucination",
                "made up a refund policy"));

        submitted.Ok.Status.Should().Be(ItemStatus.REJECTED);
        submitted.Ok.Reviewer.Should().Be(_h.Member.DisplayName);
        var annotation = (await _h.AnnotationsAsync(item.TraceId)).Should().ContainSingle().Subject;
        annotation.Sentiment.Should().Be(Sentiment.NEGATIVE);
        annotation.Decision.Should().Be(ReviewDecision.REJECTED);
        annotation.Label.Should().Be("hallucination");
        annotation.Notes.Should().Be("made up a refund policy");
        annotation.ReviewItemId.Should().Be(item.Id);
        annotation.AuthorId.Should().Be(_h.Member.PrincipalId);
    }

    [Fact]
    public async Task SubmitTwiceCreatesOneAnnotation()
    {
        var queue = await _h.QueueWithItemsAsync(2);
        var item = await _h.ClaimAsync(_h.Member, queue);
        var review = CoreHarness.Review(label: "good");

        var first = await _h.Items.SubmitAsync(_h.Member, item.Id, review);
        var second = await _h.Items.SubmitAsync(_h.Member, item.Id, review);

        first.IsSuccess.Should().BeTrue();
        second.IsSuccess.Should().BeTrue();
        (await _h.AnnotationsAsync(item.TraceId)).Should().ContainSingle();
        await using var db = _h.NewDb();
        (await db.Traces.SingleAsync(t => t.TraceId == item.TraceId && t.ProjectId == _h.ProjectId))
            .AnnotationCount.Should().Be(1);
    }

    [Fact]
    public async Task ASecondSubmitWithOtherValuesIsRefused()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ClaimAsync(_h.Member, queue);
        await _h.Items.SubmitAsync(_h.Member, item.Id, CoreHarness.Review());

        var other = await _h.Items.SubmitAsync(_h.Member, item.Id, CoreHarness.Review(ReviewDecision.REJECTED));

        other.Error!.Kind.Should().Be(ErrorKind.Conflict);
        (await _h.StatusOfAsync(item.Id)).Should().Be(ItemStatus.APPROVED);
    }

    [Fact]
    public async Task SubmitWithoutHoldingTheItemIsRefused()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        await using (var db = _h.NewDb())
        {
            var pendingId = await db.ReviewItems.Where(i => i.QueueId == queue).Select(i => i.Id).SingleAsync();
            var submitted = await _h.Items.SubmitAsync(_h.Member, pendingId, CoreHarness.Review());

            submitted.Error!.Kind.Should().Be(ErrorKind.Conflict);
            submitted.Error.Message.Should().Contain("PENDING");
        }
    }

    [Fact]
    public async Task SubmittingAnItemSomeoneElseHoldsIsRefusedAndChangesNothing()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ClaimAsync(_h.Member, queue);

        var submitted = await _h.Items.SubmitAsync(_h.Member2, item.Id, CoreHarness.Review());
        var skipped = await _h.Items.SkipAsync(_h.Member2, item.Id);
        var released = await _h.Items.ReleaseAsync(_h.Member2, item.Id);

        submitted.Error!.Kind.Should().Be(ErrorKind.Conflict);
        submitted.Error.Message.Should().Contain(_h.Member.DisplayName);
        skipped.Error!.Kind.Should().Be(ErrorKind.Conflict);
        released.Error!.Kind.Should().Be(ErrorKind.Conflict);
        (await _h.StatusOfAsync(item.Id)).Should().Be(ItemStatus.IN_REVIEW);
        (await _h.AnnotationsAsync(item.TraceId)).Should().BeEmpty();
    }

    [Fact]
    public async Task SkipLeavesTheItemForLaterWithoutAnnotation()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ClaimAsync(_h.Member, queue);

        var skipped = await _h.Items.SkipAsync(_h.Member, item.Id);

        skipped.Ok.Status.Should().Be(ItemStatus.SKIPPED);
        skipped.Ok.HeldById.Should().BeNull();
        (await _h.AnnotationsAsync(item.TraceId)).Should().BeEmpty();
    }

    [Fact]
    public async Task ReleaseReturnsTheItemToItsStatusBeforeTheClaim()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ClaimAsync(_h.Member, queue);
        await _h.Items.SkipAsync(_h.Member, item.Id);
        var again = await _h.ClaimAsync(_h.Member, queue);

        var released = await _h.Items.ReleaseAsync(_h.Member, again.Id);

        released.Ok.Status.Should().Be(ItemStatus.SKIPPED);
        released.Ok.HeldById.Should().BeNull();
    }

    [Fact]
    public async Task ReopenBySameReviewerThenSubmitUpdatesTheAnnotation()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ReviewNextAsync(_h.Member, queue, CoreHarness.Review(label: "first"));

        var reopened = await _h.Items.ReopenAsync(_h.Member, item.Id);
        var resubmitted = await _h.Items.SubmitAsync(_h.Member, item.Id,
            CoreHarness.Review(ReviewDecision.REJECTED, Sentiment.NEUTRAL, "second"));

        reopened.Ok.Status.Should().Be(ItemStatus.IN_REVIEW);
        resubmitted.Ok.Status.Should().Be(ItemStatus.REJECTED);
        var annotation = (await _h.AnnotationsAsync(item.TraceId)).Should().ContainSingle().Subject;
        annotation.Label.Should().Be("second");
        annotation.Decision.Should().Be(ReviewDecision.REJECTED);
        annotation.Sentiment.Should().Be(Sentiment.NEUTRAL);
    }

    [Fact]
    public async Task ReopeningAnotherReviewersItemIsForAdminsOnly()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ReviewNextAsync(_h.Member, queue);

        var byOtherMember = await _h.Items.ReopenAsync(_h.Member2, item.Id);
        var byAdmin = await _h.Items.ReopenAsync(_h.Admin, item.Id);

        byOtherMember.Error!.Kind.Should().Be(ErrorKind.Forbidden);
        byAdmin.Ok.HeldById.Should().Be(_h.Admin.PrincipalId);
    }

    [Theory]
    [InlineData(ItemStatus.PENDING)]
    [InlineData(ItemStatus.IN_REVIEW)]
    [InlineData(ItemStatus.SKIPPED)]
    public async Task OnlyDecidedItemsCanBeReopened(ItemStatus status)
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var itemId = await ItemInStatusAsync(queue, status);

        var reopened = await _h.Items.ReopenAsync(_h.Admin, itemId);

        reopened.Error!.Kind.Should().Be(ErrorKind.Conflict);
        (await _h.StatusOfAsync(itemId)).Should().Be(status);
    }

    [Fact]
    public async Task ReleasingAReopenedItemReturnsItToItsDecision()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ReviewNextAsync(_h.Member, queue);
        await _h.Items.ReopenAsync(_h.Member, item.Id);

        var released = await _h.Items.ReleaseAsync(_h.Member, item.Id);

        released.Ok.Status.Should().Be(ItemStatus.APPROVED);
        (await _h.QueueStatusAsync(queue)).Should().Be(QueueStatus.COMPLETED);
    }

    [Theory]
    [InlineData(ItemStatus.PENDING)]
    [InlineData(ItemStatus.IN_REVIEW)]
    [InlineData(ItemStatus.APPROVED)]
    [InlineData(ItemStatus.REJECTED)]
    [InlineData(ItemStatus.SKIPPED)]
    public async Task ResetReturnsAnyItemToPendingAndKeepsTheAnnotation(ItemStatus status)
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var itemId = await ItemInStatusAsync(queue, status);
        var annotationsBefore = await AnnotationCountAsync();

        var reset = await _h.Items.ResetAsync(_h.Admin, queue, [itemId]);

        reset.Ok.Affected.Should().Be(1);
        (await _h.StatusOfAsync(itemId)).Should().Be(ItemStatus.PENDING);
        (await AnnotationCountAsync()).Should().Be(annotationsBefore);
        var detail = (await _h.Items.GetAsync(_h.Admin, itemId)).Ok;
        detail.Item.Decision.Should().BeNull();
        detail.Item.HeldById.Should().BeNull();
    }

    [Fact]
    public async Task AResetItemReviewedAgainUpdatesItsAnnotation()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ReviewNextAsync(_h.Member, queue, CoreHarness.Review(label: "before"));
        await _h.Items.ResetAsync(_h.Admin, queue, [item.Id]);

        await _h.ReviewNextAsync(_h.Member2, queue, CoreHarness.Review(label: "after"));

        (await _h.AnnotationsAsync(item.TraceId)).Should().ContainSingle().Which.Label.Should().Be("after");
    }

    [Fact]
    public async Task RemoveTakesItemsOutOfTheQueue()
    {
        var queue = await _h.QueueWithItemsAsync(3);
        var item = await _h.ReviewNextAsync(_h.Member, queue);

        var removed = await _h.Items.RemoveAsync(_h.Admin, queue, [item.Id, 999_999]);

        removed.Ok.Should().Be(new BulkResult(1, 1));
        (await _h.Queues.GetAsync(_h.Admin, queue)).Ok.Progress.Total.Should().Be(2);
        (await _h.AnnotationsAsync(item.TraceId)).Should().ContainSingle();
    }

    [Fact]
    public async Task HistoryRecordsEveryTransitionWithTheReview()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ClaimAsync(_h.Member, queue);
        await _h.Items.SkipAsync(_h.Member, item.Id);
        await _h.ClaimAsync(_h.Member, queue);
        await _h.Items.SubmitAsync(_h.Member, item.Id, CoreHarness.Review(label: "ok", notes: "fine"));
        await _h.Items.ReopenAsync(_h.Admin, item.Id);
        await _h.Items.ResetAsync(_h.Admin, queue, [item.Id]);

        var history = (await _h.Items.GetAsync(_h.Member, item.Id)).Ok.History;

        history.Select(e => (e.Action, e.From, e.To)).Should().Equal(
            (ItemAction.CLAIMED, ItemStatus.PENDING, ItemStatus.IN_REVIEW),
            (ItemAction.SKIPPED, ItemStatus.IN_REVIEW, ItemStatus.SKIPPED),
            (ItemAction.CLAIMED, ItemStatus.SKIPPED, ItemStatus.IN_REVIEW),
            (ItemAction.SUBMITTED, ItemStatus.IN_REVIEW, ItemStatus.APPROVED),
            (ItemAction.REOPENED, ItemStatus.APPROVED, ItemStatus.IN_REVIEW),
            (ItemAction.RESET, ItemStatus.IN_REVIEW, ItemStatus.PENDING));
        var submit = history[3];
        submit.ActorName.Should().Be(_h.Member.DisplayName);
        submit.Label.Should().Be("ok");
        submit.Notes.Should().Be("fine");
        submit.Sentiment.Should().Be(Sentiment.POSITIVE);
        history[4].ActorName.Should().Be(_h.Admin.DisplayName);
    }

    [Fact]
    public void AReviewNeedsADecisionAndASentimentAndKeepsToLengths()
    {
        var missing = ReviewValues.Create(null, null, null, null);
        var tooLong = ReviewValues.Create(ReviewDecision.APPROVED, Sentiment.POSITIVE, new string('l', 201),
            new string('n', 10_001));
        var blank = ReviewValues.Create(ReviewDecision.APPROVED, Sentiment.POSITIVE, "  ", " ");

        missing.Error!.Fields.Should().ContainKeys("decision", "sentiment");
        tooLong.Error!.Fields.Should().ContainKeys("label", "notes");
        blank.Ok.Label.Should().BeNull();
        blank.Ok.Notes.Should().BeNull();
    }

    private async Task<long> ItemInStatusAsync(long queue, ItemStatus status)
    {
        var item = await _h.ClaimAsync(_h.Member, queue);
        switch (status)
        {
            case ItemStatus.PENDING:
                await _h.Items.ReleaseAsync(_h.Member, item.Id);
                break;
            case ItemStatus.APPROVED:
                await _h.Items.SubmitAsync(_h.Member, item.Id, CoreHarness.Review());
                break;
            case ItemStatus.REJECTED:
                await _h.Items.SubmitAsync(_h.Member, item.Id, CoreHarness.Review(ReviewDecision.REJECTED));
                break;
            case ItemStatus.SKIPPED:
                await _h.Items.SkipAsync(_h.Member, item.Id);
                break;
        }

        (await _h.StatusOfAsync(item.Id)).Should().Be(status);
        return item.Id;
    }

    private async Task<int> AnnotationCountAsync()
    {
        await using var db = _h.NewDb();
        return await db.TraceAnnotations.CountAsync();
    }
}
