using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ReviewQueue.Tests.Browser;

/// <summary>
/// Reviewer A works in sequential mode while observer B watches the Review page and then list
/// mode in another browser context: B sees each of A's submits within one second, no reload.
/// </summary>
public sealed class LiveUpdateBrowserTests(SequentialBrowserFixture browser) : IClassFixture<SequentialBrowserFixture>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions WithinOneSecond = new() { Timeout = 1_000 };

    [Fact]
    public async Task AnObserverSeesEverySubmitWithinOneSecond()
    {
        var queue = await browser.CreateQueueAsync("Live observers", 3);
        var observer = await browser.SignedInPageAsync("admin@demo.local", "/projects/demo/review");
        var reviewer = await browser.SignedInPageAsync("member@demo.local", queue.SequentialPath);
        await Expect(reviewer.Locator("[data-testid=sequential-review]"))
            .ToHaveAttributeAsync("data-shortcuts", "ready");
        var current = reviewer.Locator("[data-testid=current-trace-id]");
        var row = observer.Locator($"[data-testid=queue-row][data-queue-id='{queue.Id}']");
        var rowProgress = row.Locator("[data-testid=queue-progress]");
        await Expect(rowProgress).ToHaveAttributeAsync("data-in-review", "2");

        await SubmitAsync(reviewer, current, queue.TraceIds[1]);
        await Expect(rowProgress).ToHaveAttributeAsync("data-approved", "1", WithinOneSecond);
        await SubmitAsync(reviewer, current, queue.TraceIds[2]);
        await Expect(rowProgress).ToHaveAttributeAsync("data-approved", "2", WithinOneSecond);
        await Expect(row).ToHaveAttributeAsync("data-status", "ACTIVE");

        await observer.GotoAsync($"/projects/demo/review/{queue.Id}");
        var header = observer.Locator($"[data-testid=queue-progress][data-queue-id='{queue.Id}']");
        var lastRow = observer.Locator($"[data-testid=review-item-row][data-trace-id='{queue.TraceIds[2]}']");
        await Expect(lastRow).ToHaveAttributeAsync("data-status", "IN_REVIEW");
        await Expect(observer.Locator("[data-testid=app-shell]")).ToHaveAttributeAsync("data-interactive", "true");

        await reviewer.Keyboard.PressAsync("1");
        await reviewer.Keyboard.PressAsync("Enter");
        await Expect(reviewer.Locator("[data-testid=queue-finished]")).ToBeVisibleAsync();
        await Expect(header).ToHaveAttributeAsync("data-approved", "3", WithinOneSecond);
        await Expect(lastRow).ToHaveAttributeAsync("data-status", "APPROVED", WithinOneSecond);
        await Expect(observer.Locator("[data-testid=queue-status]").First)
            .ToHaveAttributeAsync("data-status", "COMPLETED", WithinOneSecond);
    }

    private static async Task SubmitAsync(IPage reviewer, ILocator current, string nextTraceId)
    {
        await reviewer.Keyboard.PressAsync("1");
        await reviewer.Keyboard.PressAsync("Enter");
        await Expect(current).ToHaveTextAsync(nextTraceId);
    }
}
