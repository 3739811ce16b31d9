using ReviewQueue.Core.Common;
using ReviewQueue.Core.Events;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.Tests.Core;

public sealed class QueueLifecycleTests : IAsyncLifetime
{
    private CoreHarness _h = null!;

    public async Task InitializeAsync() => _h = await CoreHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task CreatedQueueIsActiveAndEmpty()
    {
        var created = await _h.Queues.CreateAsync(_h.Member, _h.ProjectId, "  Weekly audit  ", "Look at refunds");

        created.IsSuccess.Should().BeTrue();
        created.Ok.Name.Should().Be("Weekly audit");
        created.Ok.Status.Should().Be(QueueStatus.ACTIVE);
        created.Ok.Progress.Should().Be(QueueProgress.Empty);
    }

    [Theory]
    [InlineData("", "name")]
    [InlineData("   ", "name")]
    public async Task CreateRefusesAMissingName(string name, string field)
    {
        var created = await _h.Queues.CreateAsync(_h.Member, _h.ProjectId, name, null);

        created.Error!.Kind.Should().Be(ErrorKind.Invalid);
        created.Error.Fields.Should().ContainKey(field);
    }

    [Fact]
    public async Task CreateRefusesOverlongNameAndDescription()
    {
        var created = await _h.Queues.CreateAsync(_h.Member, _h.ProjectId, new string('n', 201), new string('d', 2001));

        created.Error!.Kind.Should().Be(ErrorKind.Invalid);
        created.Error.Fields.Should().ContainKeys("name", "description");
    }

    [Fact]
    public async Task NamesAreUniqueInAProjectIgnoringCase()
    {
        await _h.Queues.CreateAsync(_h.Member, _h.ProjectId, "Audit", null);

        var again = await _h.Queues.CreateAsync(_h.Member, _h.ProjectId, "AUDIT", null);
        var otherProject = await _h.Queues.CreateAsync(_h.Outsider, _h.OtherProjectId, "Audit", null);

        again.Error!.Kind.Should().Be(ErrorKind.Invalid);
        again.Error.Fields!["name"].Single().Should().Contain("already exists");
        otherProject.IsSuccess.Should().BeTrue();
    }

    [Fact]
    public async Task RenameChangesNameAndRefusesATakenOne()
    {
        var first = await _h.QueueWithItemsAsync(0, "First");
        await _h.QueueWithItemsAsync(0, "Second");

        var renamed = await _h.Queues.UpdateAsync(_h.Admin, first, "Renamed", "new description");
        var clash = await _h.Queues.UpdateAsync(_h.Admin, first, "second", null);

        renamed.Ok.Name.Should().Be("Renamed");
        renamed.Ok.Description.Should().Be("new description");
        clash.Error!.Kind.Should().Be(ErrorKind.Invalid);
    }

    [Fact]
    public async Task DecidingTheLastOpenItemCompletesTheQueue()
    {
        var queue = await _h.QueueWithItemsAsync(2);

        await _h.ReviewNextAsync(_h.Member, queue);
        var afterFirst = await _h.QueueStatusAsync(queue);
        await _h.ReviewNextAsync(_h.Member, queue, CoreHarness.Review(ReviewDecision.REJECTED, Sentiment.NEGATIVE));

        afterFirst.Should().Be(QueueStatus.ACTIVE);
        (await _h.QueueStatusAsync(queue)).Should().Be(QueueStatus.COMPLETED);
    }

    [Fact]
    public async Task AnItemStillHeldOrSkippedKeepsTheQueueActive()
    {
        var queue = await _h.QueueWithItemsAsync(3);
        var held = await _h.ClaimAsync(_h.Member2, queue);
        var skipped = await _h.ClaimAsync(_h.Member, queue);
        await _h.Items.SkipAsync(_h.Member, skipped.Id);

        // The only PENDING item is decided; one is IN_REVIEW and one SKIPPED.
        await _h.ReviewNextAsync(_h.Member, queue);
        var whileHeld = await _h.QueueStatusAsync(queue);
        await _h.Items.SubmitAsync(_h.Member2, held.Id, CoreHarness.Review());
        var whileSkipped = await _h.QueueStatusAsync(queue);
        await _h.ReviewNextAsync(_h.Member, queue);

        whileHeld.Should().Be(QueueStatus.ACTIVE);
        whileSkipped.Should().Be(QueueStatus.ACTIVE);
        (await _h.QueueStatusAsync(queue)).Should().Be(QueueStatus.COMPLETED);
    }

    [Fact]
    public async Task AddingItemsToACompletedQueueMakesItActiveAgain()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        await _h.ReviewNextAsync(_h.Member, queue);

        await _h.Items.AddItemsAsync(_h.Member, queue, [CoreHarness.TraceId(5)]);

        (await _h.QueueStatusAsync(queue)).Should().Be(QueueStatus.ACTIVE);
    }

    [Fact]
    public async Task ResettingAnItemOfACompletedQueueMakesItActiveAgain()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ReviewNextAsync(_h.Member, queue);

        await _h.Items.ResetAsync(_h.Admin, queue, [item.Id]);

        (await _h.QueueStatusAsync(queue)).Should().Be(QueueStatus.ACTIVE);
    }

    [Fact]
    public async Task ReopeningAnItemOfACompletedQueueMakesItActiveAgain()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ReviewNextAsync(_h.Member, queue);

        (await _h.Items.ReopenAsync(_h.Member, item.Id)).IsSuccess.Should().BeTrue();

        (await _h.QueueStatusAsync(queue)).Should().Be(QueueStatus.ACTIVE);
    }

    [Fact]
    public async Task RestoreReturnsToActiveOrCompletedByItems()
    {
        var open = await _h.QueueWithItemsAsync(1);
        var done = await _h.QueueWithItemsAsync(1);
        await _h.ReviewNextAsync(_h.Member, done);
        await _h.Queues.ArchiveAsync(_h.Admin, open);
        await _h.Queues.ArchiveAsync(_h.Admin, done);

        var restoredOpen = await _h.Queues.RestoreAsync(_h.Admin, open);
        var restoredDone = await _h.Queues.RestoreAsync(_h.Admin, done);

        restoredOpen.Ok.Status.Should().Be(QueueStatus.ACTIVE);
        restoredDone.Ok.Status.Should().Be(QueueStatus.COMPLETED);
    }

    [Fact]
    public async Task ArchiveTwiceAndRestoreOfAnActiveQueueAreRefused()
    {
        var queue = await _h.QueueWithItemsAsync(1);

        var restoreActive = await _h.Queues.RestoreAsync(_h.Admin, queue);
        await _h.Queues.ArchiveAsync(_h.Admin, queue);
        var archiveAgain = await _h.Queues.ArchiveAsync(_h.Admin, queue);

        restoreActive.Error!.Kind.Should().Be(ErrorKind.Conflict);
        archiveAgain.Error!.Kind.Should().Be(ErrorKind.Conflict);
    }

    [Fact]
    public async Task ArchivedQueueRefusesAddsReviewsResetsAndRenamesButExports()
    {
        var queue = await _h.QueueWithItemsAsync(2);
        var approved = await _h.ReviewNextAsync(_h.Member, queue);
        await _h.Queues.ArchiveAsync(_h.Admin, queue);

        var add = await _h.Items.AddItemsAsync(_h.Member, queue, [CoreHarness.TraceId(9)]);
        var claim = await _h.Items.ClaimNextAsync(_h.Member, queue);
        var reset = await _h.Items.ResetAsync(_h.Admin, queue, [approved.Id]);
        var remove = await _h.Items.RemoveAsync(_h.Admin, queue, [approved.Id]);
        var reopen = await _h.Items.ReopenAsync(_h.Member, approved.Id);
        var rename = await _h.Queues.UpdateAsync(_h.Admin, queue, "Other", null);
        var export = await _h.Export.ExportAsync(_h.Member, queue, null, "Golden");

        foreach (var error in new[] { add.Error, claim.Error, reset.Error, remove.Error, reopen.Error, rename.Error })
        {
            error!.Kind.Should().Be(ErrorKind.Conflict);
            error.Message.Should().Contain("archived");
        }

        export.Ok.Exported.Should().Be(1);
        (await _h.StatusOfAsync(approved.Id)).Should().Be(ItemStatus.APPROVED);
    }

    [Fact]
    public async Task DeletingAQueueKeepsAnnotationsAndExportedDatasetItems()
    {
        var queue = await _h.QueueWithItemsAsync(3);
        var reviewed = await _h.ReviewNextAsync(_h.Member, queue);
        var export = (await _h.Export.ExportAsync(_h.Member, queue, null, "Golden")).Ok;

        var deleted = await _h.Queues.DeleteAsync(_h.Admin, queue);

        deleted.IsSuccess.Should().BeTrue();
        var annotations = await _h.AnnotationsAsync(reviewed.TraceId);
        annotations.Should().ContainSingle().Which.ReviewItemId.Should().BeNull();
        await using var db = _h.NewDb();
        db.Queues.Any(q => q.Id == queue).Should().BeFalse();
        db.ReviewItems.Any(i => i.QueueId == queue).Should().BeFalse();
        db.DatasetItems.Where(i => i.DatasetId == export.DatasetId).Select(i => i.SourceTraceId)
            .Should().Equal(reviewed.TraceId);
    }

    [Fact]
    public async Task EveryQueueChangeRaisesAnEvent()
    {
        var queue = await _h.QueueWithItemsAsync(2);
        var item = await _h.ReviewNextAsync(_h.Member, queue);
        var next = await _h.ClaimAsync(_h.Member, queue);
        await _h.Items.SkipAsync(_h.Member, next.Id);
        await _h.Items.ReopenAsync(_h.Member, item.Id);
        await _h.Items.ReleaseAsync(_h.Member, item.Id);
        await _h.Items.ResetAsync(_h.Admin, queue, [item.Id]);
        await _h.Items.RemoveAsync(_h.Admin, queue, [next.Id]);
        await _h.Queues.UpdateAsync(_h.Admin, queue, "Renamed", null);
        await _h.Queues.ArchiveAsync(_h.Admin, queue);
        await _h.Queues.RestoreAsync(_h.Admin, queue);
        await _h.Queues.DeleteAsync(_h.Admin, queue);

        _h.Changes.Where(c => c.QueueId == queue).Select(c => c.Kind).Should().Equal(
            QueueChangeKind.Created,
            QueueChangeKind.ItemsAdded,
            QueueChangeKind.ItemClaimed,
            QueueChangeKind.ItemSubmitted,
            QueueChangeKind.ItemClaimed,
            QueueChangeKind.ItemSkipped,
            QueueChangeKind.ItemReopened,
            QueueChangeKind.ItemReleased,
            QueueChangeKind.ItemsReset,
            QueueChangeKind.ItemsRemoved,
            QueueChangeKind.Updated,
            QueueChangeKind.Archived,
            QueueChangeKind.Restored,
            QueueChangeKind.Deleted);
    }
}
