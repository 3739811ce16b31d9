using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace ReviewQueue.Tests.Browser;

/// <summary>
/// The app on Kestrel with demo data and one headless Chromium, for the Review page, list mode and
/// dataset tests; plus direct access to Core for arranging queues and reviews.
/// </summary>
public sealed class ReviewBrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public AppFactory App { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        BaseAddress = App.StartKestrel();

        // A machine shared with other builds can be slow; the waits are generous, never sleeps.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
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

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>A fresh browser context, signed in through the form, on the page at <paramref name="path"/>.</summary>
    public async Task<IPage> SignedInPageAsync(string email, string path)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString() });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(AppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // The circuit, not the load event, says when the page can be used.
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path,
            new() { WaitUntil = WaitUntilState.Commit });
        await WaitForInteractivityAsync(page);
        return page;
    }

    /// <summary>Loads <paramref name="path"/> afresh and waits until the circuit is up.</summary>
    public static async Task GotoAsync(IPage page, string path)
    {
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
        await WaitForInteractivityAsync(page);
    }

    public async Task<Caller> CallerAsync(string email)
    {
        await using var db = await NewDbAsync();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return Caller.ForUser(user.Id, user.DisplayName);
    }

    public async Task<long> ProjectIdAsync(string slug)
    {
        await using var db = await NewDbAsync();
        return await db.Projects.Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync();
    }

    /// <summary>Trace ids of a project, newest first, skipping <paramref name="skip"/>.</summary>
    public async Task<List<string>> TraceIdsAsync(string slug, int skip, int take)
    {
        var projectId = await ProjectIdAsync(slug);
        await using var db = await NewDbAsync();
        return await db.Traces.Where(t => t.ProjectId == projectId)
            .OrderByDescending(t => t.Timestamp).ThenBy(t => t.TraceId)
            .Skip(skip).Take(take).Select(t => t.TraceId).ToListAsync();
    }

    /// <summary>A queue made through Core, holding the given traces.</summary>
    public async Task<long> QueueAsync(Caller caller, string slug, string name, IReadOnlyList<string> traceIds)
    {
        var queue = (await Service<QueueService>().CreateAsync(caller, await ProjectIdAsync(slug), name, null)).Ok;
        (await Service<ReviewItemService>().AddItemsAsync(caller, queue.Id, traceIds)).Ok.Added
            .Should().Be(traceIds.Count);
        return queue.Id;
    }

    /// <summary>Claims the next item of the queue and decides it, as a reviewer in sequential mode would.</summary>
    public async Task<ReviewItemView> ReviewNextAsync(Caller caller, long queueId, ReviewDecision decision)
    {
        var items = Service<ReviewItemService>();
        var item = (await items.ClaimNextAsync(caller, queueId)).Ok!;
        var review = ReviewValues.Create(decision, Sentiment.NEUTRAL, "browser-test", null).Ok;
        return (await items.SubmitAsync(caller, item.Id, review)).Ok;
    }

    public async Task<AppDbContext> NewDbAsync() =>
        await Service<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    private static async Task WaitForInteractivityAsync(IPage page) =>
        await Expect(page.Locator("[data-testid=app-shell]"))
            .ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 60_000 });
}
