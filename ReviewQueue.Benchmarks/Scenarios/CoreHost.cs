using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using ReviewQueue.Core;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Datasets;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Core.Traces;

namespace ReviewQueue.Benchmarks.Scenarios;

/// <summary>
/// Core on its own (no web host) on a fresh SQLite file or a fresh PostgreSQL database, with one
/// project, an owner and a number of MEMBER reviewers, and traces made in bulk by SQL.
/// </summary>
public sealed class CoreHost : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly string? _postgresServer;
    private readonly string? _postgresDatabase;

    private CoreHost(ServiceProvider services, string provider, string connectionString, string? folder,
        string? postgresServer, string? postgresDatabase)
    {
        Services = services;
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
        _postgresServer = postgresServer;
        _postgresDatabase = postgresDatabase;
    }

    public ServiceProvider Services { get; }

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Provider { get; }

    public string ConnectionString { get; }

    public bool IsSqlite => Provider == "sqlite";

    public long ProjectId { get; private set; }

    public Caller Owner { get; } = Caller.ForUser("bench-owner", "Bench Owner");

    public IReadOnlyList<Caller> Reviewers { get; private set; } = [];

    public QueueService Queues => Services.GetRequiredService<QueueService>();

    public ReviewItemService Items => Services.GetRequiredService<ReviewItemService>();

    public ExportService Export => Services.GetRequiredService<ExportService>();

    public static string TraceId(int n) => $"bench-{1_000_000 + n}";

    /// <summary>Core on a new database; <paramref name="postgresServer"/> null means SQLite in a temp folder.</summary>
    public static async Task<CoreHost> CreateAsync(string? postgresServer, int reviewers, bool logSql = false)
    {
        string provider, connectionString;
        string? folder = null, database = null;
        if (postgresServer is null)
        {
            folder = Path.Combine(Path.GetTempPath(), "rq-bench", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            provider = "sqlite";
            connectionString = $"Data Source={Path.Combine(folder, "bench.db")}";
        }
        else
        {
            database = $"rq_bench_{Guid.NewGuid():N}";
            await ExecutePostgresAsync(postgresServer, $"CREATE DATABASE {database}");
            provider = "postgres";
            connectionString = $"{postgresServer};Database={database}";
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:ReviewQueue"] = connectionString,
            ["Database:Provider"] = provider == "sqlite" ? "Sqlite" : "Postgres",
            ["Review:LeaseSeconds"] = "300",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(logging =>
            {
                // --log-sql: every command EF Core runs, with its time, to see where a scenario goes.
                if (logSql)
                    logging.AddSimpleConsole(o => o.SingleLine = true)
                        .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information)
                        .AddFilter("Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted",
                            LogLevel.Information);
                logging.SetMinimumLevel(logSql ? LogLevel.Information : LogLevel.Warning);
            })
            .AddReviewQueueCore(configuration)
            .BuildServiceProvider();

        var host = new CoreHost(services, provider, connectionString, folder, postgresServer, database);
        await Database.MigrateAsync(services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        await host.SeedPeopleAsync(reviewers);
        return host;
    }

    public AppDbContext NewDb() => Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>Makes traces 1..<paramref name="count"/> of the project with one INSERT ... SELECT.</summary>
    public async Task AddTracesAsync(int count)
    {
        await using var db = NewDb();
        await BenchData.AddTracesAsync(db, ProjectId, count, TraceId);
    }

    /// <summary>
    /// A new queue holding traces <paramref name="first"/> onwards, put in by SQL (seeding, not measured).
    /// </summary>
    public async Task<long> QueueWithItemsAsync(string name, int count, int first = 1)
    {
        var queue = (await Queues.CreateAsync(Owner, ProjectId, name, null)).Ok;
        await using var db = NewDb();
        await BenchData.InsertItemsAsync(db, ProjectId, queue.Id, first, count, TraceId);
        return queue.Id;
    }

    /// <summary>
    /// A second project owned by <see cref="Owner"/> holding only traces 1..<paramref name="traces"/>.
    /// </summary>
    public async Task<long> ProjectWithTracesAsync(string slug, int traces)
    {
        await using var db = NewDb();
        var project = new Project(slug, slug, DateTime.UtcNow);
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        db.ProjectMembers.Add(new ProjectMember(project.Id, Owner.UserId!, ProjectRole.OWNER, DateTime.UtcNow));
        await db.SaveChangesAsync();
        await BenchData.AddTracesAsync(db, project.Id, traces, TraceId);
        return project.Id;
    }

    public async Task<long> EmptyQueueAsync(string name, long? projectId = null) =>
        (await Queues.CreateAsync(Owner, projectId ?? ProjectId, name, null)).Ok.Id;
    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }

        if (_postgresServer is not null && _postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecutePostgresAsync(_postgresServer, $"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)");
        }
    }

    private static async Task ExecutePostgresAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection($"{server};Database=postgres;Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task SeedPeopleAsync(int reviewers)
    {
        await using var db = NewDb();
        var now = DateTime.UtcNow;
        var project = new Project("bench", "Bench", now);
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        ProjectId = project.Id;

        var people = Enumerable.Range(1, reviewers)
            .Select(n => Caller.ForUser($"bench-reviewer-{n:D2}", $"Reviewer {n:D2}"))
            .ToList();
        Reviewers = people;
        foreach (var caller in people.Prepend(Owner))
        {
            db.Users.Add(new AppUser
            {
                Id = caller.UserId!, UserName = caller.UserId, DisplayName = caller.DisplayName,
            });
        }
        db.ProjectMembers.Add(new ProjectMember(ProjectId, Owner.UserId!, ProjectRole.OWNER, now));
        foreach (var caller in people)
            db.ProjectMembers.Add(new ProjectMember(ProjectId, caller.UserId!, ProjectRole.MEMBER, now));
        await db.SaveChangesAsync();
    }
}
