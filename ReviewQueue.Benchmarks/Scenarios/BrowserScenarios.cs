using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ReviewQueue.Benchmarks.Scenarios;

/// <summary>
/// Sequential mode in headless Chromium: the server's memory per open session, and the time from
/// Enter to the next trace on screen beside the time a click that only makes a round trip takes.
/// Both times are taken in the page, from the keydown to the DOM change, so Playwright's own
/// polling is not counted.
/// </summary>
public sealed class BrowserScenarios(BenchApp app, Sizes sizes, Report report) : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // Records the time of every keydown, and arms a wait for a probe of the page to change.
    private const string Instrument = """
        () => {
          if (window.__rq) return;
          const rq = { t0: 0, done: null };
          document.addEventListener('keydown', () => { rq.t0 = performance.now(); }, true);
          rq.arm = probe => {
            const before = probe();
            rq.done = new Promise(resolve => {
              const timer = setTimeout(() => { observer.disconnect(); resolve(-1); }, 15000);
              const observer = new MutationObserver(() => {
                if (probe() === before) return;
                observer.disconnect();
                clearTimeout(timer);
                resolve(performance.now() - rq.t0);
              });
              observer.observe(document.body,
                { subtree: true, childList: true, characterData: true, attributes: true });
            });
          };
          window.__rq = rq;
        }
        """;

    private const string ArmNextTrace = """
        () => window.__rq.arm(() => document.querySelector('[data-testid=current-trace-id]')?.textContent?.trim() ?? '')
        """;

    private const string ArmOverlay = """
        () => window.__rq.arm(() => !!document.querySelector('[data-testid=shortcuts-overlay]'))
        """;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task StartAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>Opens N sequential-mode sessions and divides the growth of the server's heap by N.</summary>
    public async Task MemoryPerSessionAsync()
    {
        var queueId = await app.QueueAsync("Sessions", sizes.Sessions * 2 + 10);

        // One session first, so that what every session shares (compiled components, caches) is in the baseline.
        var warm = await OpenSequentialAsync(queueId);
        await warm.Context.CloseAsync();
        await Task.Delay(1000);

        var before = Heap();
        var pages = new List<IPage>();
        for (var n = 0; n < sizes.Sessions; n++)
            pages.Add(await OpenSequentialAsync(queueId));
        await Task.Delay(1000);
        var after = Heap();

        var perSession = (after - before) / (double)sizes.Sessions / (1024 * 1024);
        report.Add(new Figure($"{sizes.Sessions} sequential sessions", "sqlite", "server heap per open session",
            perSession, "MB", Target: 5,
            Note: $"GC heap {before / 1048576.0:0.0} MB before, {after / 1048576.0:0.0} MB after (after a full GC)"));

        foreach (var page in pages)
            await page.Context.CloseAsync();
    }

    /// <summary>Enter to the next trace, beside the "?" overlay toggle, interleaved on one page.</summary>
    public async Task EnterToNextAsync()
    {
        var queueId = await app.QueueAsync("Keyboard", sizes.BrowserQueueItems);
        var page = await OpenSequentialAsync(queueId);
        await page.EvaluateAsync(Instrument);

        var enter = new List<double>();
        var roundTrip = new List<double>();
        for (var n = -5; n < sizes.BrowserSubmits; n++)
        {
            for (var toggle = 0; toggle < 2; toggle++)
            {
                var overlay = await TimeKeyAsync(page, ArmOverlay, "?");
                if (n >= 0)
                    roundTrip.Add(overlay);
            }

            await page.Keyboard.PressAsync("1");
            await Expect(page.Locator("[data-testid=sentiment-positive]")).ToHaveAttributeAsync("aria-pressed", "true");
            var next = await TimeKeyAsync(page, ArmNextTrace, "Enter");
            if (n >= 0)
                enter.Add(next);

            // A reviewer reads for seconds before the next key; give the prefetch of the next item its time.
            await Task.Delay(250);
        }

        var scenario = $"sequential mode, {sizes.BrowserQueueItems / 1000.0:0.#}k queue";
        var baseline = Stats.Percentile(roundTrip, 50);
        var baselineP95 = Stats.Percentile(roundTrip, 95);
        report.Add(new Figure(scenario, "sqlite", $"Enter to next trace, median of {enter.Count}",
            Stats.Percentile(enter, 50), "ms"));
        report.Add(new Figure(scenario, "sqlite", $"Enter to next trace, p95 of {enter.Count}",
            Stats.Percentile(enter, 95), "ms", Target: Math.Round(1.5 * baselineP95, 2),
            Note: "target: 1.5 × the p95 of the round-trip toggle"));
        report.Add(new Figure(scenario, "sqlite", $"\"?\" overlay toggle (round trip), median of {roundTrip.Count}",
            baseline, "ms"));
        report.Add(new Figure(scenario, "sqlite", $"\"?\" overlay toggle (round trip), p95 of {roundTrip.Count}",
            baselineP95, "ms"));
        report.Add(new Figure(scenario, "sqlite", "Enter p95 / round-trip p95",
            Stats.Percentile(enter, 95) / baselineP95, "x", Target: 1.5));
        await page.Context.CloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }

    private static long Heap()
    {
        for (var n = 0; n < 3; n++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task<double> TimeKeyAsync(IPage page, string arm, string key)
    {
        await page.EvaluateAsync(arm);
        await page.Keyboard.PressAsync(key);
        var ms = await page.EvaluateAsync<double>("() => window.__rq.done");
        if (ms < 0)
            throw new InvalidOperationException($"The page did not change within 15 s of pressing {key}.");
        return ms;
    }

    private async Task<IPage> OpenSequentialAsync(long queueId)
    {
        var path = $"/projects/demo/review/{queueId}?mode=sequential";
        var context = await _browser!.NewContextAsync(
            new BrowserNewContextOptions { BaseURL = app.Address.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);

        await page.GetByLabel("Email").FillAsync(BenchApp.MemberEmail);
        await page.GetByLabel("Password").FillAsync(BenchApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path, new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=sequential-review]"))
            .ToHaveAttributeAsync("data-shortcuts", "ready", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=current-trace-id]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        return page;
    }
}
