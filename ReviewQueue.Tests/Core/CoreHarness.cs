using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ReviewQueue.Core;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Datasets;
using ReviewQueue.Core.Events;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Core.Traces;

namespace ReviewQueue.Tests.Core;

/// <summary>
/// Core on a real SQLite file in a temporary folder, with a fake clock, one project holding a
/// user of each role, a second project, and a number of traces in each.
/// </summary>
public sealed class CoreHarness : IAsyncDisposable
{
    public const int LeaseSeconds = 300;

    private readonly string _folder;
    private readonly List<QueueChange> _changes = [];
    private readonly IDisposable _subscription;
    private string? _postgresDatabase;

    private CoreHarness(string folder, ServiceProvider services, FakeTimeProvider clock)
    {
        _folder = folder;
        Services = services;
        Clock = clock;
        _subscription = Events.Subscribe(change =>
        {
            lock (_changes)
                _changes.Add(change);
        });
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Clock { get; }

    public long ProjectId { get; private set; }

    public long OtherProjectId { get; private set; }

    public Caller Owner { get; } = Caller.ForUser("u-owner", "Olive Owner");

    public Caller Admin { get; } = Caller.ForUser("u-admin", "Adam Admin");

    public Caller Member { get; } = Caller.ForUser("u-member", "Mia Member");

    public Caller Member2 { get; } = Caller.ForUser("u-member2", "Max Member");

    public Caller Viewer { get; } = Caller.ForUser("u-viewer", "Vic Viewer");

    /// <summary>A signed-in user who belongs only to the other project.</summary>
    public Caller Outsider { get; } = Caller.ForUser("u-outsider", "Otto Outsider");

    public QueueService Queues => Services.GetRequiredService<QueueService>();

    public ReviewItemService Items => Services.GetRequiredService<ReviewItemService>();

    public ExportService Export => Services.GetRequiredService<ExportService>();

    public DatasetService Datasets => Services.GetRequiredService<DatasetService>();

    public IQueueEvents Events => Services.GetRequiredService<IQueueEvents>();

    public IReadOnlyList<QueueChange> Changes
    {
        get
        {
            lock (_changes)
                return [.. _changes];
        }
    }

    public static async Task<CoreHarness> CreateAsync(int traces = 30)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rq-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);

        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:ReviewQueue"] = $"Data Source={Path.Combine(folder, "core.db")}",
            ["Review:LeaseSeconds"] = LeaseSeconds.ToString(),
        };
        string? postgresDatabase = null;
        if (PostgresDatabases.IsSelected)
        {
            postgresDatabase = await PostgresDatabases.CreateAsync();
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:ReviewQueue"] = PostgresDatabases.ConnectionString(postgresDatabase);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock)
            .AddReviewQueueCore(configuration)
            .BuildServiceProvider();

        var harness = new CoreHarness(folder, services, clock) { _postgresDatabase = postgresDatabase };
        await Database.MigrateAsync(services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        await harness.SeedAsync(traces);
        return harness;
    }

    public AppDbContext NewDb() => Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    public static string TraceId(int n) => $"trace-{n:D5}";

    public static ReviewValues Review(ReviewDecision decision = ReviewDecision.APPROVED,
        Sentiment sentiment = Sentiment.POSITIVE, string? label = null, string? notes = null) =>
        ReviewValues.Create(decision, sentiment, label, notes).Ok;

    /// <summary>A queue in the main project holding the first <paramref name="items"/> traces.</summary>
    public async Task<long> QueueWithItemsAsync(int items, string? name = null)
    {
        var queue = (await Queues.CreateAsync(Member, ProjectId, name ?? $"Queue {Guid.NewGuid():N}", null)).Ok;
        if (items > 0)
            (await Items.AddItemsAsync(Member, queue.Id, Enumerable.Range(1, items).Select(TraceId).ToList())).Ok
                .Added.Should().Be(items);
        return queue.Id;
    }

    public async Task<ReviewItemView> ClaimAsync(Caller caller, long queueId) =>
        (await Items.ClaimNextAsync(caller, queueId)).Ok ?? throw new InvalidOperationException("Nothing to claim.");

    public async Task<ReviewItemView> ReviewNextAsync(Caller caller, long queueId, ReviewValues? review = null)
    {
        var item = await ClaimAsync(caller, queueId);
        return (await Items.SubmitAsync(caller, item.Id, review ?? Review())).Ok;
    }

    public async Task<List<TraceAnnotation>> AnnotationsAsync(string traceId)
    {
        await using var db = NewDb();
        return await db.TraceAnnotations.AsNoTracking()
            .Where(a => db.Traces.Any(t => t.Key == a.TraceKey && t.TraceId == traceId && t.ProjectId == ProjectId))
            .ToListAsync();
    }

    public async Task<ItemStatus> StatusOfAsync(long itemId)
    {
        await using var db = NewDb();
        return await db.ReviewItems.Where(i => i.Id == itemId).Select(i => i.Status).SingleAsync();
    }

    public async Task<QueueStatus> QueueStatusAsync(long queueId)
    {
        await using var db = NewDb();
        return await db.Queues.Where(q => q.Id == queueId).Select(q => q.Status).SingleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        if (_postgresDatabase is not null)
            await PostgresDatabases.DropAsync(_postgresDatabase);
    }

    private async Task SeedAsync(int traces)
    {
        await using var db = NewDb();
        var now = Clock.GetUtcNow().UtcDateTime;
        var project = new Project("demo", "Demo", now);
        var other = new Project("sandbox", "Sandbox", now);
        db.Projects.AddRange(project, other);
        await db.SaveChangesAsync();
        ProjectId = project.Id;
        OtherProjectId = other.Id;

        foreach (var caller in new[] { Owner, Admin, Member, Member2, Viewer, Outsider })
            db.Users.Add(new AppUser
            {
                Id = caller.UserId!, UserName = caller.UserId, DisplayName = caller.DisplayName,
            });

        db.ProjectMembers.AddRange(
            new ProjectMember(ProjectId, Owner.UserId!, ProjectRole.OWNER, now),
            new ProjectMember(ProjectId, Admin.UserId!, ProjectRole.ADMIN, now),
            new ProjectMember(ProjectId, Member.UserId!, ProjectRole.MEMBER, now),
            new ProjectMember(ProjectId, Member2.UserId!, ProjectRole.MEMBER, now),
            new ProjectMember(ProjectId, Viewer.UserId!, ProjectRole.VIEWER, now),
            new ProjectMember(OtherProjectId, Outsider.UserId!, ProjectRole.OWNER, now));

        for (var n = 1; n <= traces; n++)
        {
            var input = new TraceInput(null, $"Support chat {n}", now.AddMinutes(-n), null, null, null, ["support"],
                null, null, 100 + n, 10, 20, null, 0.001, TraceStatus.OK, null);
            var trace = TraceService.Build(ProjectId, TraceId(n), input, now);
            trace.Input = $$"""[{"role":"user","content":"Question {{n}}"}]""";
            trace.Output = $$"""{"role":"assistant","content":"Answer {{n}}"}""";
            db.Traces.Add(trace);
        }

        db.Traces.Add(TraceService.Build(OtherProjectId, "sandbox-trace-1",
            new TraceInput(null, "Sandbox", now, null, null, null, null, null, null, null, null, null, null, null,
                null, null), now));
        await db.SaveChangesAsync();
    }
}
