using ReviewQueue.Core.Common;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.Tests.Core;

public sealed class AddItemsTests : IAsyncLifetime
{
    private CoreHarness _h = null!;

    public async Task InitializeAsync() => _h = await CoreHarness.CreateAsync(traces: 40);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task AddingCountsAddedAlreadyInQueueAndNotFound()
    {
        var queue = await _h.QueueWithItemsAsync(3);

        var result = await _h.Items.AddItemsAsync(_h.Member, queue,
            [CoreHarness.TraceId(2), CoreHarness.TraceId(4), CoreHarness.TraceId(4), "no-such-trace",
                CoreHarness.TraceId(5)]);

        result.Ok.Added.Should().Be(2);
        result.Ok.AlreadyInQueue.Should().Be(1);
        result.Ok.NotFound.Should().Equal("no-such-trace");
        (await _h.Queues.GetAsync(_h.Member, queue)).Ok.Progress.Total.Should().Be(5);
    }

    [Fact]
    public async Task AddingTheSameTracesTwiceAddsNothingTheSecondTime()
    {
        var queue = await _h.QueueWithItemsAsync(0);
        var ids = Enumerable.Range(1, 10).Select(CoreHarness.TraceId).ToList();

        var first = await _h.Items.AddItemsAsync(_h.Member, queue, ids);
        var second = await _h.Items.AddItemsAsync(_h.Member, queue, ids);

        first.Ok.Added.Should().Be(10);
        second.Ok.Should().BeEquivalentTo(new AddItemsResult(0, 10, []));
    }

    [Fact]
    public async Task ItemsAreClaimedInTheOrderTheIdsWereGiven()
    {
        var queue = await _h.QueueWithItemsAsync(0);
        await _h.Items.AddItemsAsync(_h.Member, queue,
            [CoreHarness.TraceId(9), CoreHarness.TraceId(3), CoreHarness.TraceId(7)]);

        var order = new List<string>();
        for (var i = 0; i < 3; i++)
            order.Add((await _h.ReviewNextAsync(_h.Member, queue)).TraceId);

        order.Should().Equal(CoreHarness.TraceId(9), CoreHarness.TraceId(3), CoreHarness.TraceId(7));
    }

    [Fact]
    public async Task AnotherProjectsTracesAreNotFound()
    {
        var queue = await _h.QueueWithItemsAsync(0);

        var result = await _h.Items.AddItemsAsync(_h.Member, queue, ["sandbox-trace-1"]);

        result.Ok.Should().BeEquivalentTo(new AddItemsResult(0, 0, ["sandbox-trace-1"]));
    }

    [Fact]
    public async Task MoreThanTenThousandIdsAreRefusedWhole()
    {
        var queue = await _h.QueueWithItemsAsync(0);
        var ids = Enumerable.Range(1, 10_001).Select(CoreHarness.TraceId).ToList();

        var result = await _h.Items.AddItemsAsync(_h.Member, queue, ids);

        result.Error!.Kind.Should().Be(ErrorKind.TooLarge);
        (await _h.Queues.GetAsync(_h.Member, queue)).Ok.Progress.Total.Should().Be(0);
    }

    [Fact]
    public async Task TenThousandIdsAreAcceptedInOneCall()
    {
        var queue = await _h.QueueWithItemsAsync(0);
        var ids = Enumerable.Range(1, 10_000).Select(CoreHarness.TraceId).ToList();

        var result = await _h.Items.AddItemsAsync(_h.Member, queue, ids);

        result.Ok.Added.Should().Be(40);
        result.Ok.NotFound.Should().HaveCount(9_960);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task BlankOrOverlongIdsAreRefused(string blank)
    {
        var queue = await _h.QueueWithItemsAsync(0);

        var withBlank = await _h.Items.AddItemsAsync(_h.Member, queue, [CoreHarness.TraceId(1), blank]);
        var withLong = await _h.Items.AddItemsAsync(_h.Member, queue, [new string('x', 201)]);

        withBlank.Error!.Kind.Should().Be(ErrorKind.Invalid);
        withLong.Error!.Kind.Should().Be(ErrorKind.Invalid);
        (await _h.Queues.GetAsync(_h.Member, queue)).Ok.Progress.Total.Should().Be(0);
    }

    [Fact]
    public async Task ListFiltersByStatusAndPagesInOrder()
    {
        var queue = await _h.QueueWithItemsAsync(12);
        for (var i = 0; i < 4; i++)
            await _h.ReviewNextAsync(_h.Member, queue, CoreHarness.Review(label: i % 2 == 0 ? "even" : "odd"));

        var pending = (await _h.Items.ListAsync(_h.Member, queue, new ItemQuery(ItemStatus.PENDING, PageSize: 5))).Ok;
        var secondPage = (await _h.Items.ListAsync(_h.Member, queue,
            new ItemQuery(ItemStatus.PENDING, Page: 2, PageSize: 5))).Ok;
        var even = (await _h.Items.ListAsync(_h.Member, queue, new ItemQuery(Label: "even"))).Ok;
        var byText = (await _h.Items.ListAsync(_h.Member, queue, new ItemQuery(Text: "chat 11"))).Ok;
        var badPage = await _h.Items.ListAsync(_h.Member, queue, new ItemQuery(PageSize: 501));

        pending.Total.Should().Be(8);
        pending.Items.Select(i => i.TraceId).Should().Equal(Enumerable.Range(5, 5).Select(CoreHarness.TraceId));
        secondPage.Items.Should().HaveCount(3);
        even.Total.Should().Be(2);
        byText.Items.Should().ContainSingle().Which.TraceId.Should().Be(CoreHarness.TraceId(11));
        badPage.Error!.Fields.Should().ContainKey("pageSize");
    }
}
