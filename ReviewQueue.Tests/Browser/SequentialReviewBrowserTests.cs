using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReviewQueue.Core.Reviews;
using static Microsoft.Playwright.Assertions;

namespace ReviewQueue.Tests.Browser;

public sealed class SequentialReviewBrowserTests(SequentialBrowserFixture browser)
    : IClassFixture<SequentialBrowserFixture>
{
    [Fact]
    public async Task KeyboardOnlyReviewWritesOneAnnotationPerReviewedTrace()
    {
        var queue = await browser.CreateQueueAsync("Keyboard flow", 6);
        var traces = queue.TraceIds;
        var page = await OpenSequentialAsync("member@demo.local", queue);
        var current = page.Locator("[data-testid=current-trace-id]");
        await Expect(current).ToHaveTextAsync(traces[0]);

        await page.Keyboard.PressAsync("?");
        await Expect(page.Locator("[data-testid=shortcuts-overlay]")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("[data-testid=shortcuts-overlay]")).ToHaveCountAsync(0);

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-testid=review-hint]")).ToContainTextAsync("Choose a sentiment first");

        // A double Enter submits once: the second is dropped, or meets the next item without a sentiment.
        await page.Keyboard.PressAsync("1");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Enter");
        await Expect(current).ToHaveTextAsync(traces[1]);

        await page.Keyboard.PressAsync("3");
        await page.Keyboard.PressAsync("R");
        await page.Keyboard.PressAsync("Enter");
        await Expect(current).ToHaveTextAsync(traces[2]);

        // S held down: the repeats that follow the first keydown do nothing.
        await page.Keyboard.DownAsync("S");
        await page.Keyboard.DownAsync("S");
        await page.Keyboard.DownAsync("S");
        await page.Keyboard.UpAsync("S");
        await Expect(current).ToHaveTextAsync(traces[3]);

        await page.Keyboard.PressAsync("2");
        var notes = page.GetByLabel("Notes");
        await notes.FocusAsync();
        await page.Keyboard.TypeAsync("1 2 3 notes");
        await Expect(notes).ToHaveValueAsync("1 2 3 notes");
        await Expect(SentimentButton(page, "neutral")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(SentimentButton(page, "positive")).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(SentimentButton(page, "negative")).ToHaveAttributeAsync("aria-pressed", "false");
        await page.Keyboard.PressAsync("Control+Enter");
        await Expect(current).ToHaveTextAsync(traces[4]);
        await Expect(page.GetByLabel("Notes")).ToHaveValueAsync("");

        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(current).ToHaveTextAsync(traces[3]);
        await Expect(page.Locator("[data-testid=changing-review]")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Notes")).ToHaveValueAsync("1 2 3 notes");
        await Expect(SentimentButton(page, "neutral")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.Keyboard.PressAsync("1");
        await Expect(SentimentButton(page, "positive")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.GetByLabel("Label").FocusAsync();
        await page.Keyboard.TypeAsync("fixed");
        await page.Keyboard.PressAsync("Enter");
        await Expect(current).ToHaveTextAsync(traces[4]);
        await Expect(page.GetByLabel("Label")).ToHaveValueAsync("");

        // Leaving the page lets go of the item on screen and the one fetched ahead.
        await page.GetByRole(AriaRole.Link, new() { Name = "Traces", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-testid=sequential-review]")).ToHaveCountAsync(0);
        await WaitUntilAsync(async () => (await StatusesAsync(queue))[traces[4]] == ItemStatus.PENDING
            && (await StatusesAsync(queue))[traces[5]] == ItemStatus.PENDING);

        var statuses = await StatusesAsync(queue);
        statuses.Should().Equal(new Dictionary<string, ItemStatus>
        {
            [traces[0]] = ItemStatus.APPROVED,
            [traces[1]] = ItemStatus.REJECTED,
            [traces[2]] = ItemStatus.SKIPPED,
            [traces[3]] = ItemStatus.APPROVED,
            [traces[4]] = ItemStatus.PENDING,
            [traces[5]] = ItemStatus.PENDING,
        });

        var annotations = await AnnotationsAsync(traces);
        annotations.Should().BeEquivalentTo(
        [
            new Annotated(traces[0], ReviewDecision.APPROVED, Sentiment.POSITIVE, null, null),
            new Annotated(traces[1], ReviewDecision.REJECTED, Sentiment.NEGATIVE, null, null),
            new Annotated(traces[3], ReviewDecision.APPROVED, Sentiment.POSITIVE, "fixed", "1 2 3 notes"),
        ]);
    }

    [Fact]
    public async Task EnterInTheLabelFieldLeavesItSoTheNextKeysAreShortcuts()
    {
        var queue = await browser.CreateQueueAsync("Enter in label", 3);
        var traces = queue.TraceIds;
        var page = await OpenSequentialAsync("member@demo.local", queue);
        var current = page.Locator("[data-testid=current-trace-id]");
        await Expect(current).ToHaveTextAsync(traces[0]);

        await page.Keyboard.PressAsync("1");
        await Expect(SentimentButton(page, "positive")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.GetByLabel("Label").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(current).ToHaveTextAsync(traces[1]);

        await page.Keyboard.PressAsync("2");
        await Expect(SentimentButton(page, "neutral")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.GetByLabel("Label")).ToHaveValueAsync("");
    }

    [Fact]
    public async Task TwoReviewersNeverGetTheSameItemAndAgreeOnProgress()
    {
        var queue = await browser.CreateQueueAsync("Two reviewers", 6);
        var member = await OpenSequentialAsync("member@demo.local", queue);
        var admin = await OpenSequentialAsync("admin@demo.local", queue);
        await Expect(member.Locator("[data-testid=presence]")).ToHaveAttributeAsync("data-count", "2");
        await Expect(admin.Locator("[data-testid=presence]")).ToHaveAttributeAsync("data-count", "2");

        var seenByMember = new List<string>();
        var seenByAdmin = new List<string>();
        bool memberGoing = true, adminGoing = true;
        while (memberGoing || adminGoing)
        {
            if (memberGoing)
                memberGoing = await ReviewOneAsync(member, seenByMember);
            if (adminGoing)
                adminGoing = await ReviewOneAsync(admin, seenByAdmin);
        }

        seenByMember.Should().NotIntersectWith(seenByAdmin);
        seenByMember.Concat(seenByAdmin).Should().BeEquivalentTo(queue.TraceIds);
        foreach (var page in new[] { member, admin })
        {
            var progress = page.Locator("[data-testid=queue-progress]");
            await Expect(progress).ToHaveAttributeAsync("data-total", "6");
            await Expect(progress).ToHaveAttributeAsync("data-approved", "6");
            await Expect(progress).ToHaveAttributeAsync("data-pending", "0");
            await Expect(progress).ToHaveAttributeAsync("data-in-review", "0");
            await Expect(progress).ToHaveAttributeAsync("data-skipped", "0");
        }

        (await StatusesAsync(queue)).Values.Should().AllBeEquivalentTo(ItemStatus.APPROVED);
    }

    [Fact]
    public async Task ASubmitAfterTheHoldWasLostKeepsWhatWasTypedAndMovesOn()
    {
        var queue = await browser.CreateQueueAsync("Lost hold", 3);
        var traces = queue.TraceIds;
        var page = await OpenSequentialAsync("member@demo.local", queue);
        var current = page.Locator("[data-testid=current-trace-id]");
        await Expect(current).ToHaveTextAsync(traces[0]);
        await WaitUntilAsync(async () => (await StatusesAsync(queue))[traces[1]] == ItemStatus.IN_REVIEW);

        await browser.ExpireHoldAsync(queue.Id, traces[0]);
        (await browser.ClaimAsAsync("admin@demo.local", queue.Id))!.TraceId.Should().Be(traces[0]);
        await page.Keyboard.PressAsync("3");
        await page.GetByLabel("Notes").FocusAsync();
        await page.Keyboard.TypeAsync("kept notes");
        await page.Keyboard.PressAsync("Control+Enter");

        var lost = page.Locator("[data-testid=lost-review]");
        await Expect(lost).ToContainTextAsync(traces[0]);
        await Expect(lost).ToContainTextAsync("Adrian Admin is reviewing this item now.");
        await Expect(page.Locator("[data-testid=lost-values]")).ToContainTextAsync("NEGATIVE");
        await Expect(page.Locator("[data-testid=lost-notes]")).ToHaveTextAsync("kept notes");
        await Expect(current).ToHaveTextAsync(traces[1]);
        (await AnnotationsAsync(traces)).Should().BeEmpty();
    }

    [Fact]
    public async Task EnterShowsTheItemFetchedAheadWithinTheKeypressAndTheServerAgrees()
    {
        var queue = await browser.CreateQueueAsync("Swap in the browser", 4);
        var traces = queue.TraceIds;
        var page = await OpenWithNextFetchedAsync(queue);
        await page.Keyboard.PressAsync("1");
        await Expect(SentimentButton(page, "positive")).ToHaveAttributeAsync("aria-pressed", "true");

        var shownAtOnce = await KeysInOneTaskAsync(page, "Enter");
        shownAtOnce.Should().Be(traces[1]);

        // Then the server's render: the trace left behind is gone, the one shown has its hooks, the
        // next one waits hidden, and the review was written.
        await Expect(page.Locator("[data-testid=trace-view]")).ToHaveAttributeAsync("data-trace-id", traces[1]);
        await Expect(page.Locator($".rq-trace-page[data-trace-id='{traces[0]}']")).ToHaveCountAsync(0);
        await Expect(page.Locator(".rq-trace-page:not([hidden])")).ToHaveCountAsync(1);
        await Expect(page.Locator($".rq-trace-page[hidden][data-trace-id='{traces[2]}']")).ToHaveCountAsync(1);
        await Expect(SentimentButton(page, "positive")).ToHaveAttributeAsync("aria-pressed", "false");
        await WaitUntilAsync(async () => (await StatusesAsync(queue))[traces[0]] == ItemStatus.APPROVED);
        (await AnnotationsAsync(traces)).Should().ContainSingle().Which.TraceId.Should().Be(traces[0]);
    }

    [Fact]
    public async Task KeysTypedFasterThanTheServerAnswersStillSwapAtOnceAndLandInOrder()
    {
        var queue = await browser.CreateQueueAsync("Fast keys", 4);
        var traces = queue.TraceIds;
        var page = await OpenWithNextFetchedAsync(queue);

        // "3 R Enter" in one task: the sentiment is still on its way when Enter shows the next item.
        var shownAtOnce = await KeysInOneTaskAsync(page, "3", "r", "Enter");
        shownAtOnce.Should().Be(traces[1]);

        await Expect(page.Locator("[data-testid=trace-view]")).ToHaveAttributeAsync("data-trace-id", traces[1]);
        await WaitUntilAsync(async () => (await StatusesAsync(queue))[traces[0]] == ItemStatus.REJECTED);
        (await AnnotationsAsync(traces)).Should().BeEquivalentTo(
            [new Annotated(traces[0], ReviewDecision.REJECTED, Sentiment.NEGATIVE, null, null)]);

        // Skip still on its way: Enter waits for the page to catch up rather than guess.
        await page.Keyboard.PressAsync("1");
        await Expect(SentimentButton(page, "positive")).ToHaveAttributeAsync("aria-pressed", "true");
        var afterSkip = await KeysInOneTaskAsync(page, "s", "Enter");
        afterSkip.Should().Be(traces[1]);
        await Expect(page.Locator("[data-testid=current-trace-id]")).ToHaveTextAsync(traces[2]);
        await Expect(page.Locator("[data-testid=review-hint]")).ToContainTextAsync("Choose a sentiment first");
        await Expect(page.Locator(".rq-trace-page:not([hidden])")).ToHaveAttributeAsync("data-trace-id", traces[2]);
        (await StatusesAsync(queue))[traces[1]].Should().Be(ItemStatus.SKIPPED);
    }

    [Fact]
    public async Task ASwapTheServerRefusesIsTakenBack()
    {
        var queue = await browser.CreateQueueAsync("Swap taken back", 3);
        var traces = queue.TraceIds;
        var page = await OpenWithNextFetchedAsync(queue);
        var current = page.Locator("[data-testid=current-trace-id]");
        await page.Keyboard.PressAsync("2");
        await Expect(SentimentButton(page, "neutral")).ToHaveAttributeAsync("aria-pressed", "true");

        // A label over the limit, put past the field's maxlength as a script could: the browser shows
        // the next item on Enter, the server refuses the review, and the page goes back to the first.
        var label = page.GetByLabel("Label");
        await label.EvaluateAsync("(input, text) => { input.value = text; }", new string('x', 201));
        await label.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("[data-testid=review-hint]")).ToContainTextAsync("at most 200 characters");
        await Expect(current).ToHaveTextAsync(traces[0]);
        await Expect(current).ToHaveAttributeAsync("data-item-id",
            (await page.Locator($".rq-trace-page[data-trace-id='{traces[0]}']").GetAttributeAsync("data-item-id"))!);
        await Expect(page.Locator(".rq-trace-page:not([hidden])")).ToHaveAttributeAsync("data-trace-id", traces[0]);
        await Expect(page.Locator($".rq-trace-page[hidden][data-trace-id='{traces[1]}']")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=trace-view]")).ToHaveAttributeAsync("data-trace-id", traces[0]);

        // The same item then goes through with a label that fits, and the swap stands.
        await label.FillAsync("fits");
        await page.Keyboard.PressAsync("Enter");
        await Expect(current).ToHaveTextAsync(traces[1]);
        await Expect(page.Locator("[data-testid=trace-view]")).ToHaveAttributeAsync("data-trace-id", traces[1]);
        await WaitUntilAsync(async () => (await StatusesAsync(queue))[traces[0]] == ItemStatus.APPROVED);
        (await AnnotationsAsync(traces)).Should().BeEquivalentTo(
            [new Annotated(traces[0], ReviewDecision.APPROVED, Sentiment.NEUTRAL, "fits", null)]);
    }

    private async Task<IPage> OpenSequentialAsync(string email, TestQueue queue)
    {
        var page = await browser.SignedInPageAsync(email, queue.SequentialPath);
        await Expect(page.Locator("[data-testid=sequential-review]")).ToHaveAttributeAsync("data-shortcuts", "ready");
        return page;
    }

    /// <summary>A member's sequential page on the first item, with the second fetched ahead, hidden.</summary>
    private async Task<IPage> OpenWithNextFetchedAsync(TestQueue queue)
    {
        var page = await OpenSequentialAsync("member@demo.local", queue);
        await Expect(page.Locator("[data-testid=current-trace-id]")).ToHaveTextAsync(queue.TraceIds[0]);
        await Expect(page.Locator($".rq-trace-page[hidden][data-trace-id='{queue.TraceIds[1]}']"))
            .ToHaveCountAsync(1);
        return page;
    }

    /// <summary>
    /// Dispatches keydowns one after another in one task of the page and answers the trace id on screen
    /// right after, read before any message from the server can have come back.
    /// </summary>
    private static Task<string> KeysInOneTaskAsync(IPage page, params string[] keys) =>
        page.EvaluateAsync<string>("""
            keys => {
              for (const key of keys)
                document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
              return document.querySelector('[data-testid=current-trace-id]').textContent.trim();
            }
            """, keys);

    /// <summary>Reviews the item on screen with 1 and Enter; false once the reviewer is told nothing is left.</summary>
    private static async Task<bool> ReviewOneAsync(IPage page, List<string> seen)
    {
        var current = page.Locator("[data-testid=current-trace-id]");
        var finished = page.Locator("[data-testid=queue-finished]");
        await Expect(current.Or(finished)).ToBeVisibleAsync();
        if (await finished.IsVisibleAsync())
            return false;

        var traceId = await current.TextContentAsync() ?? "";
        seen.Add(traceId);
        await page.Keyboard.PressAsync("1");
        await Expect(SentimentButton(page, "positive")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-testid=current-trace-id]", new() { HasTextString = traceId }))
            .ToHaveCountAsync(0);
        return true;
    }

    private static ILocator SentimentButton(IPage page, string name) => page.Locator($"[data-testid=sentiment-{name}]");

    private async Task<Dictionary<string, ItemStatus>> StatusesAsync(TestQueue queue)
    {
        await using var db = await browser.DbAsync();
        return await db.ReviewItems
            .Where(i => i.QueueId == queue.Id)
            .Join(db.Traces, i => i.TraceKey, t => t.Key, (i, t) => new { t.TraceId, i.Status })
            .ToDictionaryAsync(x => x.TraceId, x => x.Status);
    }

    private async Task<List<Annotated>> AnnotationsAsync(IReadOnlyList<string> traceIds)
    {
        await using var db = await browser.DbAsync();
        return await db.TraceAnnotations
            .Join(db.Traces, a => a.TraceKey, t => t.Key, (a, t) => new { a, t.TraceId })
            .Where(x => traceIds.Contains(x.TraceId))
            .Select(x => new Annotated(x.TraceId, x.a.Decision, x.a.Sentiment, x.a.Label, x.a.Notes))
            .ToListAsync();
    }

    /// <summary>Waits for something the server does after the page is gone, checking every 100 ms.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await condition())
            await Task.Delay(100, deadline.Token);
    }

    private sealed record Annotated(string TraceId, ReviewDecision Decision, Sentiment Sentiment, string? Label,
        string? Notes);
}
