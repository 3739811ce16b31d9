using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Tests.Web;

namespace ReviewQueue.Tests.Browser;

/// <summary>
/// The app on Kestrel with demo data and one headless Chromium, for the sequential-mode tests;
/// queues for a test are made through Core, as a member would make them.
/// </summary>
public sealed class SequentialBrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public AppFactory App { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        BaseAddress = App.StartKestrel();
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

    /// <summary>A fresh browser context signed in through the form, on the page at <paramref name="path"/>.</summary>
    public async Task<IPage> SignedInPageAsync(string email, string path)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(AppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=app-shell]"))
            .ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 30_000 });
        return page;
    }

    /// <summary>
    /// A new queue in the demo project holding <paramref name="count"/> traces that no queue holds and
    /// nobody has annotated, in the order they will be claimed.
    /// </summary>
    public async Task<TestQueue> CreateQueueAsync(string name, int count)
    {
        var dbs = App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await dbs.CreateDbContextAsync();
        var projectId = await db.Projects.Where(p => p.Slug == "demo").Select(p => p.Id).SingleAsync();
        var member = await db.Users.SingleAsync(u => u.Email == "member@demo.local");
        var traceIds = await db.Traces
            .Where(t => t.ProjectId == projectId && t.AnnotationCount == 0
                && !db.ReviewItems.Any(i => i.TraceKey == t.Key))
            .OrderBy(t => t.Key)
            .Select(t => t.TraceId)
            .Take(count)
            .ToListAsync();
        traceIds.Should().HaveCount(count, "the demo project has enough traces nobody has queued");

        var caller = Caller.ForUser(member.Id, member.DisplayName);
        var queue = (await App.Services.GetRequiredService<QueueService>()
            .CreateAsync(caller, projectId, name, "Made by a browser test")).Ok;
        var added = (await App.Services.GetRequiredService<ReviewItemService>()
            .AddItemsAsync(caller, queue.Id, traceIds)).Ok;
        added.Added.Should().Be(count);
        return new TestQueue(queue.Id, traceIds);
    }

    /// <summary>Claims the next item through Core as <paramref name="email"/>, as another tab would.</summary>
    public async Task<ReviewItemView?> ClaimAsAsync(string email, long queueId)
    {
        await using var db = await DbAsync();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var claimed = await App.Services.GetRequiredService<ReviewItemService>()
            .ClaimNextAsync(Caller.ForUser(user.Id, user.DisplayName), queueId);
        return claimed.Ok;
    }

    /// <summary>Makes a hold run out now, as if the reviewer's page had stopped renewing it long ago.</summary>
    public async Task ExpireHoldAsync(long queueId, string traceId)
    {
        await using var db = await DbAsync();
        var past = DateTime.UtcNow.AddMinutes(-1);
        var expired = await db.ReviewItems
            .Where(i => i.QueueId == queueId && db.Traces.Any(t => t.Key == i.TraceKey && t.TraceId == traceId))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseExpiresAt, past));
        expired.Should().Be(1);
    }

    /// <summary>A fresh context on the app's database, for checking what the browser did; dispose it.</summary>
    public async Task<AppDbContext> DbAsync() =>
        await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
}

/// <summary>A queue made for one test and its traces, in claim order.</summary>
public sealed record TestQueue(long Id, IReadOnlyList<string> TraceIds)
{
    public string SequentialPath => $"/projects/demo/review/{Id}?mode=sequential";
}
