using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Datasets;
using ReviewQueue.Core.Reviews;
using static Microsoft.Playwright.Assertions;

namespace ReviewQueue.Tests.Browser;

public sealed class ReviewBrowserTests(ReviewBrowserFixture browser) : IClassFixture<ReviewBrowserFixture>
{
    [Fact]
    public async Task MemberCreatesAQueueAddsTracesFiltersByStatusAndOpensAnItem()
    {
        const string name = "Picked in the browser";
        var page = await browser.SignedInPageAsync("member@demo.local", "/projects/demo/review");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create Queue" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        var row = QueueRow(page, name);
        await Expect(row.Locator("[data-testid=queue-progress]")).ToHaveAttributeAsync("data-total", "0");
        await Expect(row.Locator("[data-testid=queue-status]")).ToHaveTextAsync("ACTIVE");
        var queueId = long.Parse((await row.GetAttributeAsync("data-queue-id"))!, CultureInfo.InvariantCulture);

        await ReviewBrowserFixture.GotoAsync(page, "/projects/demo/traces");
        var checkboxes = page.Locator("[data-testid=trace-select]");
        for (var i = 0; i < 4; i++)
            await checkboxes.Nth(i).CheckAsync();
        await Expect(page.Locator("[data-testid=selection-count]")).ToHaveAttributeAsync("data-count", "4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to Review Queue" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true })
            .ClickAsync();
        await Expect(page.GetByText($"Added 4 traces to \"{name}\"; 0 already in the queue.")).ToBeVisibleAsync();

        var member = await browser.CallerAsync("member@demo.local");
        await browser.ReviewNextAsync(member, queueId, ReviewDecision.APPROVED);
        await browser.ReviewNextAsync(member, queueId, ReviewDecision.REJECTED);
        await browser.ReviewNextAsync(member, queueId, ReviewDecision.APPROVED);

        await ReviewBrowserFixture.GotoAsync(page, $"/projects/demo/review/{queueId}");
        var rows = page.Locator("[data-testid=review-item-row]");
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(page.Locator("[data-testid=queue-progress]")).ToHaveAttributeAsync("data-approved", "2");
        await page.Locator("[data-testid=filter-status]").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("APPROVED", new() { Exact = true }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-testid=review-item-row][data-status=APPROVED]")).ToHaveCountAsync(2);

        var traceId = await rows.First.GetAttributeAsync("data-trace-id");
        await rows.First.ClickAsync();
        var detail = page.Locator("[data-testid=item-detail]");
        await Expect(detail.Locator("[data-testid=trace-view]")).ToHaveAttributeAsync("data-trace-id", traceId!);
        await Expect(detail.Locator("[data-testid=item-review]")).ToContainTextAsync("APPROVED");
        await Expect(detail.Locator("[data-testid=history-entry][data-action=SUBMITTED]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task AdminArchivesAndRestoresAQueueAndTheArchivedQueueRefusesNewItems()
    {
        const string name = "Archived for a while";
        var admin = await browser.CallerAsync("admin@demo.local");
        var queueId = await browser.QueueAsync(admin, "demo", name, await browser.TraceIdsAsync("demo", 10, 2));
        var page = await browser.SignedInPageAsync("admin@demo.local", "/projects/demo/review");
        var row = QueueRow(page, name);

        await row.GetByRole(AriaRole.Button, new() { Name = "Archive" }).ClickAsync();

        await Expect(row).ToHaveAttributeAsync("data-status", "ARCHIVED");
        await Expect(row.Locator("[data-testid=queue-status]")).ToHaveTextAsync("ARCHIVED");
        var member = await browser.CallerAsync("member@demo.local");
        var refused = await browser.Service<ReviewItemService>()
            .AddItemsAsync(member, queueId, await browser.TraceIdsAsync("demo", 20, 1));
        refused.Error!.Kind.Should().Be(ErrorKind.Conflict);
        refused.Error.Message.Should().Contain("archived and read-only");

        await ReviewBrowserFixture.GotoAsync(page, "/projects/demo/traces");
        await page.Locator("[data-testid=trace-select]").First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to Review Queue" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Combobox).ClickAsync();
        var options = page.Locator(".mud-popover-open .mud-list-item");
        await Expect(options.Filter(new() { HasText = "Weekly quality audit" })).ToHaveCountAsync(1);
        await Expect(options.Filter(new() { HasText = name })).ToHaveCountAsync(0);

        await ReviewBrowserFixture.GotoAsync(page, $"/projects/demo/review/{queueId}");
        await Expect(page.Locator("[data-testid=queue-header] [data-testid=queue-status]")).ToHaveTextAsync("ARCHIVED");
        await Expect(page.Locator("[data-testid=queue-archived-notice]")).ToContainTextAsync("read-only");

        await ReviewBrowserFixture.GotoAsync(page, "/projects/demo/review");
        await row.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-status", "ACTIVE");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Archive" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ExportingTwiceCreatesEachDatasetItemOnce()
    {
        const string dataset = "Golden answers (browser)";
        var member = await browser.CallerAsync("member@demo.local");
        var traces = await browser.TraceIdsAsync("demo", 30, 5);
        var queueId = await browser.QueueAsync(member, "demo", "Export twice", traces);
        var approved = new List<string>();
        for (var i = 0; i < 3; i++)
            approved.Add((await browser.ReviewNextAsync(member, queueId, ReviewDecision.APPROVED)).TraceId);
        await browser.ReviewNextAsync(member, queueId, ReviewDecision.REJECTED);
        var page = await browser.SignedInPageAsync("member@demo.local", $"/projects/demo/review/{queueId}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Export to Dataset" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByText("New dataset", new() { Exact = true }).ClickAsync();
        await dialog.GetByLabel("New dataset name").FillAsync(dataset);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Export", Exact = true }).ClickAsync();
        await Expect(page.GetByText($"Exported 3 items to \"{dataset}\"; 0 already in the dataset."))
            .ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Export to Dataset" }).ClickAsync();
        await dialog.Locator("[data-testid=export-dataset]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = dataset }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Export", Exact = true }).ClickAsync();
        await Expect(page.GetByText($"Exported 0 items to \"{dataset}\"; 3 already in the dataset."))
            .ToBeVisibleAsync();

        await using var db = await browser.NewDbAsync();
        var items = await db.DatasetItems
            .Where(i => db.Datasets.Any(d => d.Id == i.DatasetId && d.Name == dataset))
            .Select(i => i.SourceTraceId).ToListAsync();
        items.Should().BeEquivalentTo(approved);
    }

    [Fact]
    public async Task JsonLinesDownloadHoldsExactlyTheApprovedTraces()
    {
        var member = await browser.CallerAsync("member@demo.local");
        var traces = await browser.TraceIdsAsync("demo", 40, 6);
        var queueId = await browser.QueueAsync(member, "demo", "Download audit", traces);
        var approved = new List<string>();
        foreach (var decision in new[] { ReviewDecision.APPROVED, ReviewDecision.REJECTED, ReviewDecision.APPROVED,
                     ReviewDecision.REJECTED, ReviewDecision.APPROVED })
        {
            var item = await browser.ReviewNextAsync(member, queueId, decision);
            if (decision == ReviewDecision.APPROVED)
                approved.Add(item.TraceId);
        }

        var export = browser.Service<ExportService>();
        var exported = (await export.ExportAsync(member, queueId, null, "Downloadable")).Ok;
        var owner = await browser.CallerAsync("owner@demo.local");
        var sandboxQueue = await browser.QueueAsync(owner, "sandbox", "Sandbox audit",
            await browser.TraceIdsAsync("sandbox", 0, 1));
        await browser.ReviewNextAsync(owner, sandboxQueue, ReviewDecision.APPROVED);
        var sandboxDataset = (await export.ExportAsync(owner, sandboxQueue, null, "Sandbox golden")).Ok;
        var page = await browser.SignedInPageAsync("member@demo.local", "/projects/demo/datasets");

        await page.GetByRole(AriaRole.Link, new() { Name = "Downloadable", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-testid=dataset-total]")).ToHaveAttributeAsync("data-total", "3");
        var href = await page.Locator("[data-testid=dataset-download]").GetAttributeAsync("href");
        var response = await page.Context.APIRequest.GetAsync(href!);

        response.Status.Should().Be(200);
        response.Headers["content-type"].Should().StartWith("application/x-ndjson");
        var lines = (await response.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sourceTraceId").GetString())
            .Should().BeEquivalentTo(approved);
        href.Should().Be($"/projects/demo/datasets/{exported.DatasetId}/download");
        (await page.Context.APIRequest.GetAsync($"/projects/sandbox/datasets/{sandboxDataset.DatasetId}/download"))
            .Status.Should().Be(404, "the member does not belong to sandbox");
        (await page.Context.APIRequest.GetAsync($"/projects/demo/datasets/{sandboxDataset.DatasetId}/download"))
            .Status.Should().Be(404, "the dataset is not in demo");
    }

    private static ILocator QueueRow(IPage page, string name) =>
        page.Locator("[data-testid=queue-row]").Filter(new()
        {
            Has = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }),
        });
}
