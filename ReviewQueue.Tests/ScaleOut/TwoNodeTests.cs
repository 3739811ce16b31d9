using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;
using ReviewQueue.App.Auth;
using ReviewQueue.App.Live;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Tests.Browser;
using ReviewQueue.Tests.Core;
using ReviewQueue.Tests.Web;

namespace ReviewQueue.Tests.ScaleOut;

/// <summary>
/// Two app nodes on two ports sharing one PostgreSQL database and one Redis server, as in
/// docs/scale-out.md. Node A seeds the demo; node B starts on the seeded database.
/// </summary>
public sealed partial class TwoNodeTests : IAsyncLifetime
{
    private AppFactory? _a;
    private AppFactory? _b;
    private string? _database;

    private AppFactory A => _a!;

    private AppFactory B => _b!;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("RQ_TEST_POSTGRES") is null
            || Environment.GetEnvironmentVariable("RQ_TEST_REDIS") is null)
        {
            return;
        }

        _database = await PostgresDatabases.CreateAsync();
        _a = Node();
        _a.StartKestrel();
        _b = Node();
        _b.StartKestrel();
    }

    public async Task DisposeAsync()
    {
        _a?.Dispose();
        _b?.Dispose();
        if (_database is not null)
            await PostgresDatabases.DropAsync(_database);
    }

    [ScaleOutFact]
    public async Task AReviewSubmittedOnNodeAReachesAHubClientOnNodeBWithinOneSecond()
    {
        var (queue, member) = await DemoQueueAsync(A);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(B.ServerAddress!, ReviewHub.Path),
                options => options.AccessTokenProvider = () => Task.FromResult<string?>(AppFactory.DemoApiKey))
            .Build();
        var messages = Channel.CreateUnbounded<QueueProgressMessage>();
        hub.On<QueueProgressMessage>(ReviewHub.ProgressMethod, m => messages.Writer.TryWrite(m));
        await hub.StartAsync();
        var initial = await hub.InvokeAsync<QueueProgressMessage>("SubscribeQueue", queue);

        var items = A.Services.GetRequiredService<ReviewItemService>();
        var item = (await items.ClaimNextAsync(member, queue)).Ok!;
        await items.SubmitAsync(member, item.Id, ReviewValues.Create(ReviewDecision.REJECTED, Sentiment.NEGATIVE,
            "wrong", null).Ok);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        QueueProgressMessage latest;
        do
        {
            latest = await messages.Reader.ReadAsync(timeout.Token);
        }
        while (latest.Rejected == initial.Rejected);

        latest.Rejected.Should().Be(initial.Rejected + 1);
    }

    [ScaleOutFact]
    public async Task AReviewSubmittedOnNodeAUpdatesABrowserOnNodeBWithinOneSecond()
    {
        var (queue, member) = await DemoQueueAsync(A);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.SignedInPageAsync(browser, B.ServerAddress!, "admin@demo.local",
            "/projects/demo/review");
        var progress = page.Locator($"[data-testid=queue-row][data-queue-id='{queue}'] [data-testid=queue-progress]");
        var approved = int.Parse(await progress.GetAttributeAsync("data-approved") ?? "0",
            System.Globalization.CultureInfo.InvariantCulture);

        var items = A.Services.GetRequiredService<ReviewItemService>();
        var item = (await items.ClaimNextAsync(member, queue)).Ok!;
        await items.SubmitAsync(member, item.Id, ReviewValues.Create(ReviewDecision.APPROVED, Sentiment.POSITIVE,
            null, null).Ok);

        await Assertions.Expect(progress).ToHaveAttributeAsync("data-approved",
            (approved + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 1_000 });
    }

    [ScaleOutFact]
    public async Task PresenceOnNodeAIsSeenOnNodeBAndGoesWhenTheReviewerLeaves()
    {
        var (queue, member) = await DemoQueueAsync(A);
        var projectId = await ProjectIdAsync(A);
        var seenOnB = B.Services.GetRequiredService<PresenceTracker>();
        var arrived = WhenPresence(seenOnB, queue, present: true);

        var ticket = A.Services.GetRequiredService<PresenceTracker>()
            .Join(projectId, queue, member.PrincipalId, member.DisplayName);
        await arrived.WaitAsync(TimeSpan.FromSeconds(1));
        var left = WhenPresence(seenOnB, queue, present: false);
        ticket.Dispose();
        await left.WaitAsync(TimeSpan.FromSeconds(1));

        seenOnB.Reviewers(queue).Should().BeEmpty();
    }

    [ScaleOutFact]
    public async Task ACookieIssuedByNodeAIsAcceptedByNodeB()
    {
        var cookie = await SignInAsync(A, "member@demo.local");

        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = B.ServerAddress,
        };
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/projects/demo/traces");
        withCookie.Headers.Add("Cookie", cookie);
        using var signedIn = await client.SendAsync(withCookie);
        using var withoutCookie = await client.GetAsync(new Uri("/projects/demo/traces", UriKind.Relative));

        signedIn.StatusCode.Should().Be(HttpStatusCode.OK);
        withoutCookie.StatusCode.Should().Be(HttpStatusCode.Redirect);
        withoutCookie.Headers.Location!.ToString().Should().Contain(IdentitySetup.SignInPath);
    }

    [ScaleOutFact]
    public async Task ThirtyTwoClaimersOverBothNodesClaimEachItemExactlyOnce()
    {
        var (_, member) = await DemoQueueAsync(A);
        var projectId = await ProjectIdAsync(A);
        var queues = A.Services.GetRequiredService<QueueService>();
        var queue = (await queues.CreateAsync(member, projectId, "Scale-out claim race", null)).Ok;
        var traceIds = await TraceIdsAsync(A, projectId);
        (await A.Services.GetRequiredService<ReviewItemService>().AddItemsAsync(member, queue.Id, traceIds))
            .Ok.Added.Should().Be(traceIds.Count);

        var claims = new ConcurrentBag<(int Claimer, long Item)>();

        // Every claimer holds its first item before anyone submits, so both nodes race for real.
        var holding = 32;
        var allHolding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claimers = Enumerable.Range(0, 32).Select(n => Task.Run(async () =>
        {
            var node = n % 2 == 0 ? A : B;
            var items = node.Services.GetRequiredService<ReviewItemService>();
            var caller = Caller.ForApiKey(1000 + n, projectId, ProjectRole.MEMBER, $"claimer {n}");
            var first = true;
            while ((await items.ClaimNextAsync(caller, queue.Id)).Ok is { } item)
            {
                claims.Add((n, item.Id));
                if (first && Interlocked.Decrement(ref holding) == 0)
                    allHolding.SetResult();
                if (first)
                    await allHolding.Task.WaitAsync(TimeSpan.FromMinutes(2));
                first = false;
                (await items.SubmitAsync(caller, item.Id, ReviewValues.Create(ReviewDecision.APPROVED,
                    Sentiment.POSITIVE, null, null).Ok)).IsSuccess.Should().BeTrue();
            }
        }));
        await Task.WhenAll(claimers);

        claims.Should().HaveCount(traceIds.Count);
        claims.Select(c => c.Item).Should().OnlyHaveUniqueItems();
        claims.Select(c => c.Claimer).Distinct().Should().HaveCount(32, "every claimer on both nodes held an item");
        (await queues.GetAsync(member, queue.Id)).Ok.Status.Should().Be(QueueStatus.COMPLETED);
    }

    /// <summary>Completes when the tracker shows someone (or no one) on the queue.</summary>
    private static Task WhenPresence(PresenceTracker tracker, long queue, bool present)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = tracker.Subscribe((_, changed) =>
        {
            if (changed == queue && tracker.Reviewers(queue).Count > 0 == present)
                done.TrySetResult();
        });
        return done.Task.ContinueWith(_ => subscription.Dispose(), TaskScheduler.Default);
    }

    private AppFactory Node() => new AppFactory()
        .With("Database:Provider", "Postgres")
        .With("ConnectionStrings:ReviewQueue", PostgresDatabases.ConnectionString(_database!))
        .With("Redis:Configuration", Environment.GetEnvironmentVariable("RQ_TEST_REDIS"));

    private static async Task<(long Queue, Caller Member)> DemoQueueAsync(AppFactory node)
    {
        await using var db = await Db(node).CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == "member@demo.local");
        var queue = await db.Queues.Where(q => q.Name == "Weekly quality audit").Select(q => q.Id).SingleAsync();
        return (queue, Caller.ForUser(user.Id, user.DisplayName));
    }

    private static async Task<long> ProjectIdAsync(AppFactory node)
    {
        await using var db = await Db(node).CreateDbContextAsync();
        return await db.Projects.Where(p => p.Slug == "demo").Select(p => p.Id).SingleAsync();
    }

    private static async Task<List<string>> TraceIdsAsync(AppFactory node, long projectId)
    {
        await using var db = await Db(node).CreateDbContextAsync();
        return await db.Traces.Where(t => t.ProjectId == projectId).OrderBy(t => t.Key).Select(t => t.TraceId)
            .ToListAsync();
    }

    /// <summary>Signs in through the sign-in form and answers the cookie header to send.</summary>
    private static async Task<string> SignInAsync(AppFactory node, string email)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(
            new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies })
        {
            BaseAddress = node.ServerAddress,
        };
        var page = await client.GetStringAsync(new Uri(IdentitySetup.SignInPath, UriKind.Relative));
        var token = AntiforgeryField().Match(page).Groups[1].Value;

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Email"] = email,
            ["Password"] = AppFactory.DemoPassword,
            ["ReturnUrl"] = "/",
        });
        using var response = await client.PostAsync(new Uri(IdentitySetup.SignInPath, UriKind.Relative), form);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);

        return cookies.GetCookieHeader(node.ServerAddress!);
    }

    private static IDbContextFactory<AppDbContext> Db(AppFactory node) =>
        node.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
