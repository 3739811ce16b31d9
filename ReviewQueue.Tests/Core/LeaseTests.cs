using ReviewQueue.Core.Common;
using ReviewQueue.Core.Events;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.Tests.Core;

public sealed class LeaseTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(CoreHarness.LeaseSeconds);

    private CoreHarness _h = null!;

    public async Task InitializeAsync() => _h = await CoreHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task SubmitAfterTheLeaseLapsedIsRefused()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ClaimAsync(_h.Member, queue);

        _h.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var submitted = await _h.Items.SubmitAsync(_h.Member, item.Id, CoreHarness.Review());

        submitted.Error!.Kind.Should().Be(ErrorKind.Conflict);
        submitted.Error.Message.Should().Contain("lapsed");
        (await _h.AnnotationsAsync(item.TraceId)).Should().BeEmpty();
    }

    [Fact]
    public async Task JustBeforeTheLeaseEndsTheHolderCanStillSubmit()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ClaimAsync(_h.Member, queue);

        _h.Clock.Advance(Lease - TimeSpan.FromSeconds(1));
        var submitted = await _h.Items.SubmitAsync(_h.Member, item.Id, CoreHarness.Review());

        submitted.IsSuccess.Should().BeTrue();
    }

    [Fact]
    public async Task ALapsedItemGoesToTheNextClaimer()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ClaimAsync(_h.Member, queue);
        var blocked = await _h.Items.ClaimNextAsync(_h.Member2, queue);

        _h.Clock.Advance(Lease);
        var taken = await _h.ClaimAsync(_h.Member2, queue);
        var lateSubmit = await _h.Items.SubmitAsync(_h.Member, item.Id, CoreHarness.Review());

        blocked.Value.Should().BeNull("the only item is held");
        taken.Id.Should().Be(item.Id);
        taken.HeldById.Should().Be(_h.Member2.PrincipalId);
        lateSubmit.Error!.Message.Should().Contain(_h.Member2.DisplayName);
        var history = (await _h.Items.GetAsync(_h.Member, item.Id)).Ok.History;
        history.Select(e => e.Action).Should().Equal(ItemAction.CLAIMED, ItemAction.LAPSED, ItemAction.CLAIMED);
    }

    [Fact]
    public async Task RenewingKeepsTheHoldPastTheFirstLease()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ClaimAsync(_h.Member, queue);

        _h.Clock.Advance(Lease / 2);
        var renewed = await _h.Items.RenewAsync(_h.Member, item.Id);
        _h.Clock.Advance(Lease / 2 + TimeSpan.FromSeconds(10));
        var otherClaim = await _h.Items.ClaimNextAsync(_h.Member2, queue);
        var submitted = await _h.Items.SubmitAsync(_h.Member, item.Id, CoreHarness.Review());

        renewed.IsSuccess.Should().BeTrue();
        otherClaim.Value.Should().BeNull();
        submitted.IsSuccess.Should().BeTrue();
    }

    [Fact]
    public async Task TheSweeperReturnsLapsedItemsToTheirStatusAndTellsTheQueue()
    {
        var queue = await _h.QueueWithItemsAsync(2);
        var skippedFirst = await _h.ClaimAsync(_h.Member, queue);
        await _h.Items.SkipAsync(_h.Member, skippedFirst.Id);
        var pending = await _h.ClaimAsync(_h.Member, queue);
        var skipped = await _h.ClaimAsync(_h.Member2, queue);

        var early = await _h.Items.ReleaseLapsedLeasesAsync();
        _h.Clock.Advance(Lease);
        var lapsed = await _h.Items.ReleaseLapsedLeasesAsync();

        early.Should().Be(0);
        lapsed.Should().Be(2);
        (await _h.StatusOfAsync(pending.Id)).Should().Be(ItemStatus.PENDING);
        (await _h.StatusOfAsync(skipped.Id)).Should().Be(ItemStatus.SKIPPED);
        _h.Changes.Should().ContainSingle(c => c.QueueId == queue && c.Kind == QueueChangeKind.LeasesLapsed);
    }

    [Fact]
    public async Task ALapsedReopenedItemGoesBackToItsDecisionAndCompletesTheQueue()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var item = await _h.ReviewNextAsync(_h.Member, queue, CoreHarness.Review(ReviewDecision.REJECTED));
        await _h.Items.ReopenAsync(_h.Member, item.Id);

        _h.Clock.Advance(Lease);
        await _h.Items.ReleaseLapsedLeasesAsync();

        (await _h.StatusOfAsync(item.Id)).Should().Be(ItemStatus.REJECTED);
        (await _h.QueueStatusAsync(queue)).Should().Be(QueueStatus.COMPLETED);
    }
}
