using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReviewQueue.App.Components.Shared;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Traces;
using static Microsoft.Playwright.Assertions;

namespace ReviewQueue.Tests.Browser;

public sealed partial class TracesPageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task MemberSearchesSelectsThreeAndAddsThemToANewQueue()
    {
        var page = await browser.SignedInPageAsync("member@demo.local", "/projects/demo/traces");
        await Expect(page.Locator("[data-testid=trace-total]")).ToHaveAttributeAsync("data-total", "200");

        await page.GetByLabel("Search").FillAsync("refund");
        await Expect(page.Locator("[data-testid=trace-total]")).Not.ToHaveAttributeAsync("data-total", "200");
        var links = page.Locator("[data-testid=trace-link]");
        await Expect(links.First).ToContainTextAsync("refund");
        var checkboxes = page.Locator("[data-testid=trace-select]");
        var picked = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await checkboxes.Nth(i).CheckAsync();
            picked.Add(TraceIdOf(await checkboxes.Nth(i).GetAttributeAsync("aria-label")));
        }

        await Expect(page.Locator("[data-testid=selection-count]")).ToHaveAttributeAsync("data-count", "3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to Review Queue" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByText("New queue", new() { Exact = true }).ClickAsync();
        await dialog.GetByLabel("New queue name").FillAsync("Refunds picked by hand");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();

        await Expect(page.GetByText("Added 3 traces to \"Refunds picked by hand\"; 0 already in the queue."))
            .ToBeVisibleAsync();
        (await QueuedTraceIdsAsync("Refunds picked by hand")).Should().BeEquivalentTo(picked);
    }

    [Fact]
    public async Task SelectAllMatchingAddsExactlyWhatTheSearchMatches()
    {
        var page = await browser.SignedInPageAsync("admin@demo.local", "/projects/demo/traces");
        await Expect(page.Locator("[data-testid=trace-total]")).ToHaveAttributeAsync("data-total", "200");

        await page.GetByLabel("Search").FillAsync("agent/");
        await Expect(page.Locator("[data-testid=trace-total]")).Not.ToHaveAttributeAsync("data-total", "200");
        var total = await page.Locator("[data-testid=trace-total]").GetAttributeAsync("data-total");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Select all {total} matching" }).ClickAsync();
        await Expect(page.Locator("[data-testid=selection-count]")).ToHaveAttributeAsync("data-count", total!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to Review Queue" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByText("New queue", new() { Exact = true }).ClickAsync();
        await dialog.GetByLabel("New queue name").FillAsync("Every agent trace");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();

        await Expect(page.GetByText($"Added {total} traces to \"Every agent trace\"; 0 already in the queue."))
            .ToBeVisibleAsync();
        var queued = await QueuedTraceIdsAsync("Every agent trace");
        queued.Should().HaveCount(int.Parse(total!, System.Globalization.CultureInfo.InvariantCulture));
        queued.Should().OnlyContain(id => AgentTraceIds().Contains(id));
    }

    [Fact]
    public async Task MarkupInAMessageShowsAsTextAndRunsNothing()
    {
        var page = await browser.SignedInPageAsync("viewer@demo.local", "/projects/demo/traces/demo-0001");
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };

        var message = page.Locator("[data-testid=trace-input] [data-testid=chat-message]",
            new() { HasText = "footer" });
        await Expect(message).ToContainTextAsync("<script>alert('hi')</script>");
        await Expect(message).ToContainTextAsync("<img src=x onerror=alert(1)>");

        await Expect(message.Locator("script, img")).ToHaveCountAsync(0);
        dialogs.Should().Be(0);
    }

    [Fact]
    public async Task ViewerSeesTracesButNoQueueActions()
    {
        var page = await browser.SignedInPageAsync("viewer@demo.local", "/projects/demo/traces");

        await Expect(page.Locator("[data-testid=trace-link]").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Datasets", Exact = true })).ToBeVisibleAsync();

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add to Review Queue" })).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=trace-select]")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Review", Exact = true })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
    }

    [Fact]
    public async Task ATraceWhoseIdHoldsSlashesAndSpacesStaysOpenOnceInteractive()
    {
        var traceId = $"org/run {Guid.NewGuid():N}/7";
        await using (var db = await browser.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>()
                         .CreateDbContextAsync())
        {
            var demo = await db.Projects.SingleAsync(p => p.Slug == "demo");
            var owner = Caller.ForApiKey(0, demo.Id, ProjectRole.OWNER, "test");
            (await browser.App.Services.GetRequiredService<TraceService>().IngestAsync(owner, demo.Id,
                [new TraceInput(traceId, "Slashed trace", null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null)])).IsSuccess.Should().BeTrue();
        }

        var page = await browser.SignedInPageAsync("member@demo.local", TraceLinks.Href("demo", traceId));

        await Expect(page.Locator("[data-testid=trace-view]")).ToHaveAttributeAsync("data-trace-id", traceId);
        await Expect(page.Locator("[data-testid=trace-id]")).ToHaveTextAsync(traceId);
    }

    private async Task<List<string>> QueuedTraceIdsAsync(string queueName)
    {
        var dbs = browser.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await dbs.CreateDbContextAsync();
        return await db.ReviewItems
            .Where(i => db.Queues.Any(q => q.Id == i.QueueId && q.Name == queueName))
            .Join(db.Traces, i => i.TraceKey, t => t.Key, (i, t) => t.TraceId)
            .ToListAsync();
    }

    private List<string> AgentTraceIds()
    {
        var dbs = browser.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        using var db = dbs.CreateDbContext();
        return [.. db.Traces.Where(t => t.Name.StartsWith("agent/")).Select(t => t.TraceId)];
    }

    private static string TraceIdOf(string? ariaLabel) => TraceIdPattern().Match(ariaLabel ?? "").Groups[1].Value;

    [GeneratedRegex("^Select trace (.+)$")]
    private static partial Regex TraceIdPattern();
}
