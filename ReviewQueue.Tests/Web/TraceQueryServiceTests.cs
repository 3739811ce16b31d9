using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Traces;
using ReviewQueue.Tests.Core;

namespace ReviewQueue.Tests.Web;

public sealed class TraceQueryServiceTests : IAsyncLifetime
{
    private CoreHarness _h = null!;

    private TraceQueryService Traces => _h.Services.GetRequiredService<TraceQueryService>();

    public async Task InitializeAsync() => _h = await CoreHarness.CreateAsync(traces: 30);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task PagesAreNewestFirstWithASeparateTotal()
    {
        var page = await Traces.SearchAsync(_h.Viewer, _h.ProjectId, new TraceQuery { Page = 1, PageSize = 10 });

        page.Ok.Total.Should().Be(30);
        page.Ok.Rows.Select(r => r.TraceId).Should().Equal(Enumerable.Range(11, 10).Select(CoreHarness.TraceId));
        page.Ok.Rows[0].Tags.Should().Equal("support");
    }

    [Theory]
    [InlineData("chat 1", 11)]
    [InlineData("CHAT 2", 11)]
    [InlineData("trace-00007", 1)]
    [InlineData("00007", 1)]
    [InlineData("%", 0)]
    [InlineData("_", 0)]
    public async Task SearchMatchesPartOfNameOrId(string search, int expected)
    {
        var query = new TraceQuery { Filter = new TraceFilter { Search = search }, PageSize = 100 };

        var page = await Traces.SearchAsync(_h.Member, _h.ProjectId, query);

        page.Ok.Total.Should().Be(expected);
        page.Ok.Rows.Should().HaveCount(expected);
    }

    [Fact]
    public async Task SortsByLatencyBothWays()
    {
        var ascending = await Traces.SearchAsync(_h.Member, _h.ProjectId,
            new TraceQuery { Sort = TraceSort.Latency, Descending = false, PageSize = 3 });
        var descending = await Traces.SearchAsync(_h.Member, _h.ProjectId,
            new TraceQuery { Sort = TraceSort.Latency, Descending = true, PageSize = 3 });

        ascending.Ok.Rows.Select(r => r.LatencyMs).Should().Equal(101, 102, 103);
        descending.Ok.Rows.Select(r => r.LatencyMs).Should().Equal(130, 129, 128);
    }

    [Fact]
    public async Task FiltersByTagStatusTimeAndAnnotations()
    {
        await TagAsync("refund", 3, 4, 5);
        await FailAsync(4, 9);
        var queue = await _h.QueueWithItemsAsync(2);
        await _h.ReviewNextAsync(_h.Member, queue);
        var now = _h.Clock.GetUtcNow().UtcDateTime;

        var byTag = await TotalAsync(new TraceFilter { Tag = "refund" });
        var byStatus = await TotalAsync(new TraceFilter { Status = TraceStatus.ERROR });
        var both = await TotalAsync(new TraceFilter { Tag = "refund", Status = TraceStatus.ERROR });
        var lastTen = await TotalAsync(new TraceFilter { From = now.AddMinutes(-10), To = now });
        var annotated = await TotalAsync(new TraceFilter { HasAnnotations = true });
        var notAnnotated = await TotalAsync(new TraceFilter { HasAnnotations = false });

        byTag.Should().Be(3);
        byStatus.Should().Be(2);
        both.Should().Be(1);
        lastTen.Should().Be(10);
        annotated.Should().Be(1);
        notAnnotated.Should().Be(29);
    }

    [Fact]
    public async Task MatchingIdsAreExactlyWhatTheFilterMatches()
    {
        await TagAsync("refund", 3, 4, 5);

        var ids = await Traces.MatchingIdsAsync(_h.Member, _h.ProjectId, new TraceFilter { Tag = "refund" });

        ids.Ok.Should().BeEquivalentTo([CoreHarness.TraceId(3), CoreHarness.TraceId(4), CoreHarness.TraceId(5)]);
    }

    [Fact]
    public async Task GetReturnsSpansTagsAndAnnotations()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        await _h.ReviewNextAsync(_h.Member, queue, CoreHarness.Review(label: "helpful", notes: "Good"));

        var trace = await Traces.GetAsync(_h.Viewer, _h.ProjectId, CoreHarness.TraceId(1));

        trace.Ok.Name.Should().Be("Support chat 1");
        trace.Ok.Tags.Should().Equal("support");
        trace.Ok.Input.Should().Contain("Question 1");
        trace.Ok.Annotations.Should().ContainSingle().Which.Label.Should().Be("helpful");
    }

    [Fact]
    public async Task OutsidersAndOtherProjectsSeeNothing()
    {
        var search = await Traces.SearchAsync(_h.Outsider, _h.ProjectId, new TraceQuery());
        var ids = await Traces.MatchingIdsAsync(_h.Outsider, _h.ProjectId, new TraceFilter());
        var get = await Traces.GetAsync(_h.Outsider, _h.ProjectId, CoreHarness.TraceId(1));
        var crossProject = await Traces.GetAsync(_h.Member, _h.ProjectId, "sandbox-trace-1");

        search.Error!.Kind.Should().Be(ErrorKind.NotFound);
        ids.Error!.Kind.Should().Be(ErrorKind.NotFound);
        get.Error!.Kind.Should().Be(ErrorKind.NotFound);
        crossProject.Error!.Kind.Should().Be(ErrorKind.NotFound);
    }

    [Fact]
    public async Task TagsListsTheProjectsTagsOnly()
    {
        await TagAsync("refund", 3);

        var tags = await Traces.TagsAsync(_h.Viewer, _h.ProjectId);

        tags.Ok.Should().Equal("refund", "support");
    }

    private async Task<int> TotalAsync(TraceFilter filter) =>
        (await Traces.SearchAsync(_h.Member, _h.ProjectId, new TraceQuery { Filter = filter })).Ok.Total;

    private async Task TagAsync(string tag, params int[] traces)
    {
        await using var db = _h.NewDb();
        var ids = traces.Select(CoreHarness.TraceId).ToList();
        foreach (var trace in await db.Traces.Where(t => ids.Contains(t.TraceId)).ToListAsync())
            trace.Tags.Add(new TraceTag(tag));
        await db.SaveChangesAsync();
    }

    private async Task FailAsync(params int[] traces)
    {
        await using var db = _h.NewDb();
        var ids = traces.Select(CoreHarness.TraceId).ToList();
        await db.Traces.Where(t => ids.Contains(t.TraceId))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TraceStatus.ERROR));
    }
}
