using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Core.Traces;

namespace ReviewQueue.App.Demo;

/// <summary>
/// Fills an empty database with the demo of the README: projects <c>demo</c> and <c>sandbox</c>,
/// four users, generated traces and a queue in each. Runs when <c>Demo:Seed</c> is true (the
/// default in Development) and the database has neither projects nor users.
/// </summary>
public sealed partial class DemoSeeder(
    IDbContextFactory<AppDbContext> dbs,
    UserManager<AppUser> users,
    QueueService queues,
    ReviewItemService items,
    IConfiguration configuration,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<DemoSeeder> logger)
{
    public const string DefaultPassword = "Review-demo-1";
    public const string DemoSlug = "demo";
    public const string SandboxSlug = "sandbox";
    public const string AuditQueueName = "Weekly quality audit";
    public const int DemoTraceCount = 200;
    public const int SandboxTraceCount = 20;

    public static readonly IReadOnlyList<(string Email, string Name)> Users =
    [
        ("owner@demo.local", "Olivia Owner"),
        ("admin@demo.local", "Adrian Admin"),
        ("member@demo.local", "Mina Member"),
        ("viewer@demo.local", "Victor Viewer"),
    ];

    private bool Wanted => configuration.GetValue<bool?>("Demo:Seed") ?? environment.IsDevelopment();

    private string Password => configuration["Demo:Password"] is { Length: > 0 } password ? password : DefaultPassword;

    public async Task SeedIfWantedAsync(CancellationToken ct = default)
    {
        if (!Wanted)
            return;

        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            if (await db.Projects.AnyAsync(ct) || await db.Users.AnyAsync(ct))
                return;
        }

        await SeedAsync(ct);
    }

    /// <summary>Logs where the app listens and, with demo data present, how to sign in.</summary>
    public static void PrintWelcome(WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILogger<DemoSeeder>>();
        var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var url = addresses?.FirstOrDefault() ?? "(test server)";
        LogReady(log, url);

        var configuration = app.Services.GetRequiredService<IConfiguration>();
        var seeded = configuration.GetValue<bool?>("Demo:Seed") ?? app.Environment.IsDevelopment();
        if (!seeded)
            return;

        var password = configuration["Demo:Password"] is { Length: > 0 }
            ? "the password in Demo:Password"
            : DefaultPassword;
        LogSignIn(log, string.Join(", ", Users.Select(u => u.Email)), password);
    }

    private async Task SeedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var userIds = new Dictionary<string, string>();
        foreach (var (email, name) in Users)
        {
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(
                    "Demo user could not be created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            userIds[email] = user.Id;
        }

        long demoId, sandboxId;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var demo = new Project(DemoSlug, "Demo support assistant", now);
            var sandbox = new Project(SandboxSlug, "Sandbox", now);
            db.Projects.AddRange(demo, sandbox);
            await db.SaveChangesAsync(ct);
            demoId = demo.Id;
            sandboxId = sandbox.Id;

            db.ProjectMembers.AddRange(
                new ProjectMember(demoId, userIds["owner@demo.local"], ProjectRole.OWNER, now),
                new ProjectMember(demoId, userIds["admin@demo.local"], ProjectRole.ADMIN, now),
                new ProjectMember(demoId, userIds["member@demo.local"], ProjectRole.MEMBER, now),
                new ProjectMember(demoId, userIds["viewer@demo.local"], ProjectRole.VIEWER, now),
                new ProjectMember(sandboxId, userIds["owner@demo.local"], ProjectRole.OWNER, now));

            if (configuration["Demo:ApiKey"] is { Length: > 0 } secret)
                db.ApiKeys.Add(new ApiKey(demoId, "Demo key", ProjectRole.MEMBER, secret,
                    userIds["owner@demo.local"], now));

            var start = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
            db.Traces.AddRange(DemoTraces.Generate(DemoTraceCount, seed: 20261203, start, "demo")
                .Select(t => TraceService.Build(demoId, t.Id!, t, now)));
            db.Traces.AddRange(DemoTraces.Generate(SandboxTraceCount, seed: 7, start, "sandbox")
                .Select(t => TraceService.Build(sandboxId, t.Id!, t, now)));
            await db.SaveChangesAsync(ct);
        }

        var owner = Caller.ForUser(userIds["owner@demo.local"], "Olivia Owner");
        var admin = Caller.ForUser(userIds["admin@demo.local"], "Adrian Admin");
        await SeedQueueAsync(owner, demoId, AuditQueueName,
            "A sample of last week's conversations, read by a person before the release review.",
            Enumerable.Range(1, 25).Select(n => DemoTraces.Id("demo", n * 7)).ToList(), ct);
        await ReviewSomeAsync(admin, demoId, ct);
        await SeedQueueAsync(owner, sandboxId, "Sandbox triage", "Try things out here.",
            Enumerable.Range(1, 5).Select(n => DemoTraces.Id("sandbox", n)).ToList(), ct);

        LogSeeded(DemoTraceCount, SandboxTraceCount);
    }

    private async Task SeedQueueAsync(Caller owner, long projectId, string name, string description,
        IReadOnlyList<string> traceIds, CancellationToken ct)
    {
        var queue = (await queues.CreateAsync(owner, projectId, name, description, ct)).Ok;
        var added = (await items.AddItemsAsync(owner, queue.Id, traceIds, ct)).Ok;
        if (added.Added != traceIds.Count)
        {
            throw new InvalidOperationException(
                $"The demo queue \"{name}\" got {added.Added} of {traceIds.Count} traces.");
        }
    }

    /// <summary>Reviews the first few items of the audit, so that progress and annotations show.</summary>
    private async Task ReviewSomeAsync(Caller reviewer, long projectId, CancellationToken ct)
    {
        var audit = (await queues.ListAsync(reviewer, projectId, ct)).Ok.Single(q => q.Name == AuditQueueName);
        (ReviewDecision, Sentiment, string?, string?)[] reviews =
        [
            (ReviewDecision.APPROVED, Sentiment.POSITIVE, "helpful", "Clear steps, correct policy."),
            (ReviewDecision.APPROVED, Sentiment.NEUTRAL, "helpful", null),
            (ReviewDecision.REJECTED, Sentiment.NEGATIVE, "hallucination", "Cites a refund window we do not have."),
            (ReviewDecision.APPROVED, Sentiment.POSITIVE, "good-citation", null),
            (ReviewDecision.REJECTED, Sentiment.NEGATIVE, "tone", "Too curt for an upset customer."),
        ];

        foreach (var (decision, sentiment, label, notes) in reviews)
        {
            var item = (await items.ClaimNextAsync(reviewer, audit.Id, ct)).Ok!;
            var values = ReviewValues.Create(decision, sentiment, label, notes).Ok;
            _ = (await items.SubmitAsync(reviewer, item.Id, values, ct)).Ok;
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information,
        Message = "Demo data created: {DemoTraces} traces in demo, {SandboxTraces} in sandbox")]
    private partial void LogSeeded(int demoTraces, int sandboxTraces);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "ReviewQueue is ready at {Url}")]
    private static partial void LogReady(ILogger logger, string url);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information,
        Message = "Sign in as one of {Users} with {Password}")]
    private static partial void LogSignIn(ILogger logger, string users, string password);
}
