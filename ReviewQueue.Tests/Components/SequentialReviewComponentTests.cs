using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using ReviewQueue.App.Components.Pages.Review.Sequential;
using ReviewQueue.App.Components.Shared;
using ReviewQueue.App.Live;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Tests.Core;

namespace ReviewQueue.Tests.Components;

/// <summary>The sequential view on real Core services, a real SQLite file and a fake clock.</summary>
public sealed class SequentialReviewComponentTests : IAsyncLifetime
{
    private CoreHarness _core = null!;

    private BunitContext Context { get; } = new();

    public async Task InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync(traces: 6);
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddSingleton<TimeProvider>(_core.Clock);
        Context.Services.AddSingleton(_core.Services.GetRequiredService<IOptions<ReviewOptions>>());
        Context.Services.AddSingleton<PresenceTracker>();
        Context.Services.AddSingleton(sp =>
            new QueueLiveFeed(_core.Events, sp.GetRequiredService<PresenceTracker>(), _core.Clock));
        Context.Services.AddFallbackServiceProvider(_core.Services);
        Context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Context.Render<MudPopoverProvider>();
    }

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        await _core.DisposeAsync();
    }

    [Fact]
    public async Task EnteringClaimsOneItemAndFetchesTheNextAhead()
    {
        var queueId = await _core.QueueWithItemsAsync(4);

        var view = RenderFor(queueId);

        view.WaitForAssertion(() =>
            view.Find("[data-testid=current-trace-id]").TextContent.Should().Be(CoreHarness.TraceId(1)));
        view.WaitForAssertion(() => Held(queueId).Should().Equal(CoreHarness.TraceId(1), CoreHarness.TraceId(2)));
        view.Find("[data-testid=presence]").GetAttribute("data-count").Should().Be("1");
    }

    [Fact]
    public async Task SubmitShowsTheItemFetchedAheadInTheSameCall()
    {
        var queueId = await _core.QueueWithItemsAsync(4);
        var view = RenderFor(queueId);
        view.WaitForAssertion(() => Held(queueId).Should().HaveCount(2));

        await view.InvokeAsync(() => view.Instance.Shortcut("negative"));
        await view.InvokeAsync(() => view.Instance.Shortcut("reject"));
        await view.InvokeAsync(() => view.Instance.Submit("off topic", "too long"));

        view.Find("[data-testid=current-trace-id]").TextContent.Should().Be(CoreHarness.TraceId(2));
        var annotation = (await _core.AnnotationsAsync(CoreHarness.TraceId(1))).Should().ContainSingle().Subject;
        annotation.Should().BeEquivalentTo(new
        {
            Decision = ReviewDecision.REJECTED,
            Sentiment = Sentiment.NEGATIVE,
            Label = "off topic",
            Notes = "too long",
        });
        view.WaitForAssertion(() => Held(queueId).Should().Equal(CoreHarness.TraceId(2), CoreHarness.TraceId(3)));
    }

    [Fact]
    public async Task TheItemFetchedAheadWaitsRenderedHiddenWithoutTestHooks()
    {
        var queueId = await _core.QueueWithItemsAsync(4);
        var view = RenderFor(queueId);

        view.WaitForAssertion(() => view.FindAll(".rq-trace-page").Should().HaveCount(2));

        TracePages(view).Should().Equal((CoreHarness.TraceId(1), false), (CoreHarness.TraceId(2), true));
        view.FindAll(".rq-trace-page[hidden] [data-testid]").Should().BeEmpty();
        view.Find("[data-testid=trace-view]").GetAttribute("data-trace-id").Should().Be(CoreHarness.TraceId(1));

        await view.InvokeAsync(() => view.Instance.Shortcut("positive"));
        await view.InvokeAsync(() => view.Instance.Submit(null, null));

        view.Find("[data-testid=trace-view]").GetAttribute("data-trace-id").Should().Be(CoreHarness.TraceId(2));
        view.WaitForAssertion(() => TracePages(view)
            .Should().Equal((CoreHarness.TraceId(2), false), (CoreHarness.TraceId(3), true)));
        view.FindAll(".rq-trace-page[hidden] [data-testid]").Should().BeEmpty();
    }

    [Fact]
    public async Task HeldItemsAreRenewedWhileOpenAndReleasedOnDispose()
    {
        var queueId = await _core.QueueWithItemsAsync(4);
        var view = RenderFor(queueId);
        view.WaitForAssertion(() => Held(queueId).Should().HaveCount(2));
        var claimedUntil = LeaseEnds(queueId).Max();

        _core.Clock.Advance(TimeSpan.FromSeconds(CoreHarness.LeaseSeconds / 3));

        // A renewal renders nothing, so wait on the database rather than on a render.
        await UntilAsync(() => LeaseEnds(queueId) is { Count: 2 } ends && ends.All(end => end > claimedUntil));

        await Context.DisposeComponentsAsync();

        Held(queueId).Should().BeEmpty();
        using var db = _core.NewDb();
        db.ReviewItems.Where(i => i.QueueId == queueId).Select(i => i.Status).ToList()
            .Should().AllBeEquivalentTo(ItemStatus.PENDING);
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
            await Task.Delay(20, deadline.Token);
    }

    private IRenderedComponent<SequentialReview> RenderFor(long queueId)
    {
        var project = new ProjectContext(new ProjectView(_core.ProjectId, "demo", "Demo", ProjectRole.MEMBER),
            _core.Member);
        return Context.Render<SequentialReview>(p => p
            .Add(v => v.Project, project)
            .Add(v => v.QueueId, queueId));
    }

    /// <summary>The traces in the page, in order: their id and whether they are hidden.</summary>
    private static List<(string TraceId, bool Hidden)> TracePages(IRenderedComponent<SequentialReview> view) =>
        view.FindAll(".rq-trace-page")
            .Select(p => (p.QuerySelector("article")!.GetAttribute("data-trace-id")!, p.HasAttribute("hidden")))
            .ToList();

    private List<string> Held(long queueId)
    {
        using var db = _core.NewDb();
        return db.ReviewItems
            .Where(i => i.QueueId == queueId && i.Status == ItemStatus.IN_REVIEW && i.HeldById == _core.Member.UserId)
            .OrderBy(i => i.Id)
            .Join(db.Traces, i => i.TraceKey, t => t.Key, (i, t) => t.TraceId)
            .ToList();
    }

    private List<DateTime> LeaseEnds(long queueId)
    {
        using var db = _core.NewDb();
        return db.ReviewItems
            .Where(i => i.QueueId == queueId && i.Status == ItemStatus.IN_REVIEW)
            .Select(i => i.LeaseExpiresAt!.Value)
            .ToList();
    }
}
