using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ReviewQueue.App.Components.Pages.Review;
using ReviewQueue.App.Components.Shared;
using ReviewQueue.App.Live;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Datasets;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Core.Traces;
using ReviewQueue.Tests.Core;

namespace ReviewQueue.Tests.Components;

/// <summary>The Review page's rows, the queue form and list mode, rendered on Core over real SQLite.</summary>
public sealed class ReviewComponentsTests : MudTestContext, IAsyncLifetime
{
    private CoreHarness _core = null!;

    private PresenceTracker Presence { get; } = new();

    public override async Task InitializeAsync()
    {
        // Services first: the base renders the popover provider, after which none can be added.
        _core = await CoreHarness.CreateAsync();
        Context.Services.AddSingleton(_core.Queues);
        Context.Services.AddSingleton(_core.Items);
        Context.Services.AddSingleton(_core.Datasets);
        Context.Services.AddSingleton(_core.Export);
        Context.Services.AddSingleton(_core.Services.GetRequiredService<TraceQueryService>());
        Context.Services.AddSingleton(Presence);
        Context.Services.AddSingleton(new QueueLiveFeed(_core.Events, Presence, TimeProvider.System));
        await base.InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _core.DisposeAsync();
    }

    [Fact]
    public async Task QueueRowsShowStatusCountsProgressAndReviewers()
    {
        var queueId = await _core.QueueWithItemsAsync(6, "Weekly audit");
        await _core.ReviewNextAsync(_core.Member, queueId);
        await _core.ReviewNextAsync(_core.Member, queueId, CoreHarness.Review(ReviewDecision.REJECTED));
        var skipped = await _core.ClaimAsync(_core.Member, queueId);
        (await _core.Items.SkipAsync(_core.Member, skipped.Id)).IsSuccess.Should().BeTrue();
        await _core.ClaimAsync(_core.Member2, queueId);
        var archivedId = await _core.QueueWithItemsAsync(1, "Old audit");
        (await _core.Queues.ArchiveAsync(_core.Admin, archivedId)).IsSuccess.Should().BeTrue();
        using var ticket = Presence.Join(_core.ProjectId, queueId, _core.Member2.PrincipalId, "Max Member");

        var member = await ProjectAsync(_core.Member);
        var page = Context.Render<QueueTable>(p => p.Add(t => t.Project, member));

        page.WaitForAssertion(() => page.FindAll("[data-testid=queue-row]").Should().HaveCount(2));
        var progress = page.Find($"[data-testid=queue-progress][data-queue-id='{queueId}']");
        progress.GetAttribute("data-total").Should().Be("6");
        progress.GetAttribute("data-pending").Should().Be("2");
        progress.GetAttribute("data-in-review").Should().Be("1");
        progress.GetAttribute("data-approved").Should().Be("1");
        progress.GetAttribute("data-rejected").Should().Be("1");
        progress.GetAttribute("data-skipped").Should().Be("1");
        var row = page.Find($"[data-testid=queue-row][data-queue-id='{queueId}']");
        row.QuerySelector("[data-testid=queue-link]")!.TextContent.Should().Be("Weekly audit");
        row.QuerySelector("[data-testid=queue-status]")!.TextContent.Trim().Should().Be("ACTIVE");
        row.QuerySelector("[data-testid=queue-item-count]")!.TextContent.Trim().Should().Be("6");
        row.QuerySelector("[data-testid=presence]")!.TextContent.Should().Contain("Max Member");
        page.Find($"[data-testid=queue-row][data-queue-id='{archivedId}'] [data-testid=queue-status]")
            .TextContent.Trim().Should().Be("ARCHIVED");
    }

    [Fact]
    public async Task QueueRowsFollowLiveChanges()
    {
        var queueId = await _core.QueueWithItemsAsync(2, "Live audit");
        var member = await ProjectAsync(_core.Member);
        var page = Context.Render<QueueTable>(p => p.Add(t => t.Project, member));
        page.WaitForAssertion(() => page.FindAll("[data-testid=queue-row]").Should().HaveCount(1));

        await _core.ReviewNextAsync(_core.Member, queueId);
        await _core.Items.AddItemsAsync(_core.Member, queueId, [CoreHarness.TraceId(10)]);
        await _core.Queues.CreateAsync(_core.Admin, _core.ProjectId, "Created elsewhere", null);

        page.WaitForAssertion(() =>
        {
            var progress = page.Find($"[data-testid=queue-progress][data-queue-id='{queueId}']");
            progress.GetAttribute("data-total").Should().Be("3");
            progress.GetAttribute("data-approved").Should().Be("1");
            page.FindAll("[data-testid=queue-row]").Should().HaveCount(2);
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AdminActionsAreAbsentForAMember()
    {
        var queueId = await _core.QueueWithItemsAsync(1, "Guarded");

        var member = await ProjectAsync(_core.Member);
        var admin = await ProjectAsync(_core.Admin);
        var asMember = Context.Render<QueueTable>(p => p.Add(t => t.Project, member));
        var asAdmin = Context.Render<QueueTable>(p => p.Add(t => t.Project, admin));

        asMember.WaitForAssertion(() => asMember.FindAll("[data-testid=queue-row]").Should().HaveCount(1));
        ButtonTexts(asMember).Should().Contain("Create Queue")
            .And.NotContain(["Rename", "Archive", "Restore", "Delete"]);
        asAdmin.WaitForAssertion(() => ButtonTexts(asAdmin).Should().Contain(["Rename", "Archive", "Delete"]));
        (await _core.Queues.ArchiveAsync(_core.Member, queueId)).Error!.Kind.Should().Be(ErrorKind.Forbidden);
    }

    [Fact]
    public async Task CreateFormShowsItsValidationMessages()
    {
        await _core.QueueWithItemsAsync(0, "Taken name");
        var provider = Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        var project = await ProjectAsync(_core.Member);
        var parameters = new DialogParameters<QueueFormDialog> { { d => d.Project, project } };
        await provider.InvokeAsync(() => dialogs.ShowAsync<QueueFormDialog>("Create Queue", parameters));
        provider.WaitForElement("[data-testid=queue-form-submit]");

        Submit(provider);
        provider.WaitForAssertion(() => provider.Markup.Should().Contain("A queue needs a name."));

        provider.Find("input").Input(new string('q', 201));
        provider.Find("textarea").Input(new string('d', 2001));
        Submit(provider);
        provider.WaitForAssertion(() =>
        {
            provider.Markup.Should().Contain("A queue name is at most 200 characters.");
            provider.Markup.Should().Contain("A description is at most 2,000 characters.");
        });

        provider.Find("input").Input("  taken NAME ");
        provider.Find("textarea").Input("");
        Submit(provider);
        provider.WaitForAssertion(() =>
        {
            provider.Markup.Should().Contain("taken NAME");
            provider.Markup.Should().Contain("already exists in this project.");
        });

        provider.Find("input").Input("Fresh name");
        Submit(provider);
        provider.WaitForAssertion(() => provider.FindAll("[data-testid=queue-form-dialog]").Should().BeEmpty());
        (await _core.Queues.ListAsync(_core.Member, _core.ProjectId)).Ok.Select(q => q.Name)
            .Should().Contain("Fresh name");
    }

    [Fact]
    public async Task ListModeRowsCarryTheirHookAndOnlyAdminsCanSelect()
    {
        var queueId = await _core.QueueWithItemsAsync(3, "Rows");
        var approved = await _core.ReviewNextAsync(_core.Member, queueId);

        var member = await ProjectAsync(_core.Member);
        var admin = await ProjectAsync(_core.Admin);
        var asMember = Context.Render<QueueListMode>(p => p.Add(l => l.Project, member).Add(l => l.QueueId, queueId));
        var asAdmin = Context.Render<QueueListMode>(p => p.Add(l => l.Project, admin).Add(l => l.QueueId, queueId));

        asMember.WaitForAssertion(() => asMember.FindAll("[data-testid=review-item-row]").Should().HaveCount(3));
        var row = asMember.Find($"[data-testid=review-item-row][data-item-id='{approved.Id}']");
        row.GetAttribute("data-trace-id").Should().Be(approved.TraceId);
        row.GetAttribute("data-status").Should().Be("APPROVED");
        asMember.Find("[data-testid=queue-progress]").GetAttribute("data-approved").Should().Be("1");
        asMember.FindAll("[data-testid=item-select]").Should().BeEmpty();
        ButtonTexts(asMember).Should().Contain("Export to Dataset");
        asAdmin.WaitForAssertion(() => asAdmin.FindAll("[data-testid=item-select]").Should().HaveCount(3));
    }

    [Fact]
    public async Task ListModeFollowsLiveSubmitsAndRemovals()
    {
        var queueId = await _core.QueueWithItemsAsync(3, "Live rows");
        var member = await ProjectAsync(_core.Member);
        var list = Context.Render<QueueListMode>(p => p.Add(l => l.Project, member).Add(l => l.QueueId, queueId));
        list.WaitForAssertion(() => list.FindAll("[data-testid=review-item-row]").Should().HaveCount(3));

        var reviewed = await _core.ReviewNextAsync(_core.Member2, queueId, CoreHarness.Review(ReviewDecision.REJECTED));

        list.WaitForAssertion(() =>
        {
            list.Find($"[data-testid=review-item-row][data-item-id='{reviewed.Id}']").GetAttribute("data-status")
                .Should().Be("REJECTED");
            list.Find("[data-testid=queue-progress]").GetAttribute("data-rejected").Should().Be("1");
        }, TimeSpan.FromSeconds(5));

        await _core.Items.RemoveAsync(_core.Admin, queueId, [reviewed.Id]);

        list.WaitForAssertion(() =>
        {
            list.FindAll("[data-testid=review-item-row]").Should().HaveCount(2);
            list.Find("[data-testid=queue-progress]").GetAttribute("data-total").Should().Be("2");
        }, TimeSpan.FromSeconds(5));
    }

    private async Task<ProjectContext> ProjectAsync(Caller caller)
    {
        var access = _core.Services.GetRequiredService<ProjectAccess>();
        var project = await access.ResolveAsync(caller, "demo", Permission.ViewQueues);
        return new ProjectContext(project.Ok, caller);
    }

    private static List<string> ButtonTexts<T>(IRenderedComponent<T> view)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        [.. view.FindAll("button").Select(b => b.TextContent.Trim())];

    private static void Submit(IRenderedComponent<MudDialogProvider> provider) =>
        provider.Find("[data-testid=queue-form-submit]").Click();
}
