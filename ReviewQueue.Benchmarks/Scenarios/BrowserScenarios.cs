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

    // Records the time of every keydown, and arms a wait for a probe of the page to change: the time
    // to the change in the DOM, and to the end of the first frame after it (a message posted from
    // requestAnimationFrame runs once that frame is painted).
    private const string Instrument = """
        () => {
          if (window.__rq) return;
          const rq = { t0: 0, done: null };
          document.addEventListener('keydown', () => { rq.t0 = performance.now(); }, true);
          document.addEventListener('click', () => { rq.t0 = performance.now(); }, true);
          rq.arm = probe => {
            const before = probe();
            rq.done = new Promise(resolve => {
              const timer = setTimeout(() => { observer.disconnect(); resolve([-1, -1]); }, 15000);
              const observer = new MutationObserver(() => {
                if (probe() === before) return;
                observer.disconnect();
                clearTimeout(timer);
                const changed = performance.now() - rq.t0;
                requestAnimationFrame(() => {
                  const channel = new MessageChannel();
                  channel.port1.onmessage = () => resolve([changed, performance.now() - rq.t0]);
                  channel.port2.postMessage(null);
                });
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

    /// <summary>
    /// Enter to the next trace, beside the "?" overlay toggle, interleaved on one page; each timed to
    /// the change in the DOM and to the frame painted after it. Afterwards every Enter must have been
    /// written: the browser shows the next item before the server has the review.
    /// </summary>
    public async Task EnterToNextAsync()
    {
        var queueId = await app.QueueAsync("Keyboard", sizes.BrowserQueueItems);
        var page = await OpenSequentialAsync(queueId);
        await page.EvaluateAsync(Instrument);

        var enter = new Timings();
        var roundTrip = new Timings();
        var click = new Timings();
        var open = page.GetByRole(AriaRole.Button, new() { Name = "Keyboard shortcuts", Exact = true });
        var close = page.GetByRole(AriaRole.Button, new() { Name = "Close shortcuts" });
        const int WarmUps = 5;
        for (var n = -WarmUps; n < sizes.BrowserSubmits; n++)
        {
            // The issue's own baseline: a click that does no work beyond a round trip (the same
            // overlay, opened by its button and closed by its close button). A click starts the
            // button's ripple, whose frames would slow what follows; so a pause before the keys.
            foreach (var button in new[] { open, close })
            {
                var clicked = await TimeClickAsync(page, ArmOverlay, button);
                if (n >= 0)
                    click.Add(clicked);
            }

            await Task.Delay(800);
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

        var written = await app.ApprovedAsync(queueId, WarmUps + sizes.BrowserSubmits, TimeSpan.FromSeconds(10));
        var scenario = $"sequential mode, {sizes.BrowserQueueItems / 1000.0:0.#}k queue";
        void Add(string metric, double value, double? target = null, string? note = null) =>
            report.Add(new Figure(scenario, "sqlite", metric, value, "ms", target, Note: note));

        Add($"Enter to next trace in the DOM, median of {enter.Count}", enter.Median(Timings.Dom));
        Add($"Enter to next trace in the DOM, p95 of {enter.Count}", enter.P95(Timings.Dom),
            Math.Round(1.5 * roundTrip.P95(Timings.Dom), 2), "target: 1.5 × the p95 of the round-trip toggle");
        Add($"\"?\" overlay toggle (round trip) in the DOM, median of {roundTrip.Count}",
            roundTrip.Median(Timings.Dom));
        Add($"\"?\" overlay toggle (round trip) in the DOM, p95 of {roundTrip.Count}", roundTrip.P95(Timings.Dom));
        report.Add(new Figure(scenario, "sqlite", "Enter p95 / round-trip p95, in the DOM",
            enter.P95(Timings.Dom) / roundTrip.P95(Timings.Dom), "x", Target: 1.5));
        const string Click = "click on the shortcuts buttons (round trip) in the DOM";
        Add($"{Click}, median of {click.Count}", click.Median(Timings.Dom));
        Add($"{Click}, p95 of {click.Count}", click.P95(Timings.Dom));
        report.Add(new Figure(scenario, "sqlite", "Enter p95 / click round-trip p95, in the DOM",
            enter.P95(Timings.Dom) / click.P95(Timings.Dom), "x", Target: 1.5));

        Add("Enter to next trace painted, median", enter.Median(Timings.Painted));
        Add("Enter to next trace painted, p95", enter.P95(Timings.Painted));
        Add("\"?\" toggle painted, median", roundTrip.Median(Timings.Painted));
        Add("\"?\" toggle painted, p95", roundTrip.P95(Timings.Painted));
        report.Add(new Figure(scenario, "sqlite", "Enter p95 / round-trip p95, painted",
            enter.P95(Timings.Painted) / roundTrip.P95(Timings.Painted), "x"));
        report.Add(new Figure(scenario, "sqlite", "Enters written as reviews", written, "reviews",
            Target: WarmUps + sizes.BrowserSubmits, AtLeast: true));
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

    private static async Task<double[]> TimeKeyAsync(IPage page, string arm, string key)
    {
        await page.EvaluateAsync(arm);

        // A person's keypress falls anywhere between two of the browser's frames (16.7 ms apart at
        // 60 Hz); without this the key would follow the frame that ended the last wait by about the
        // same time each time, and the painted figures would measure that.
        await Task.Delay(Random.Shared.Next(0, 17));
        await page.Keyboard.PressAsync(key);
        var ms = await page.EvaluateAsync<double[]>("() => window.__rq.done");
        if (ms[0] < 0)
            throw new InvalidOperationException($"The page did not change within 15 s of pressing {key}.");
        return ms;
    }

    private static async Task<double[]> TimeClickAsync(IPage page, string arm, ILocator button)
    {
        // Where the pointer goes first, so that the timed click is only the press and release.
        await button.HoverAsync();
        await page.EvaluateAsync(arm);
        await Task.Delay(Random.Shared.Next(0, 17));
        await button.ClickAsync();
        var ms = await page.EvaluateAsync<double[]>("() => window.__rq.done");
        if (ms[0] < 0)
            throw new InvalidOperationException("The page did not change within 15 s of a click.");
        return ms;
    }

    /// <summary>Key timings: to the change in the DOM, and to the frame painted after it.</summary>
    private sealed class Timings
    {
        public const int Dom = 0;
        public const int Painted = 1;

        private readonly List<double>[] _values = [[], []];

        public int Count => _values[Dom].Count;

        public void Add(double[] times)
        {
            _values[Dom].Add(times[Dom]);
            _values[Painted].Add(times[Painted]);
        }

        public double Median(int which) => Stats.Percentile(_values[which], 50);

        public double P95(int which) => Stats.Percentile(_values[which], 95);
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
