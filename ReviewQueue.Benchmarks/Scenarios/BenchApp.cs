using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.Benchmarks.Scenarios;

/// <summary>
/// The real app in this process on Kestrel at a free loopback port, on a temp SQLite file, with the
/// demo seed and a demo API key; the same setup as the browser tests.
/// </summary>
public sealed class BenchApp : WebApplicationFactory<Program>
{
    public const string Password = "Review-demo-1";
    public const string ApiKey = "rq_demo_key_for_benchmarks_0123456789";
    public const string MemberEmail = "member@demo.local";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rq-bench-app", Guid.NewGuid().ToString("N"));

    public BenchApp() => Directory.CreateDirectory(_folder);

    public Uri Address { get; private set; } = null!;

    public Uri Start()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Address = new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return Address;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<AppDbContext> DbAsync() =>
        await Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    public async Task<Caller> MemberAsync()
    {
        await using var db = await DbAsync();
        var member = await db.Users.SingleAsync(u => u.Email == MemberEmail);
        return Caller.ForUser(member.Id, member.DisplayName);
    }

    /// <summary>
    /// A new queue in the demo project holding <paramref name="count"/> new traces, copies of the demo's
    /// own, put in by SQL.
    /// </summary>
    public async Task<long> QueueAsync(string name, int count)
    {
        long projectId;
        var prefix = $"q{Guid.NewGuid():N}"[..9] + "-";
        await using (var db = await DbAsync())
        {
            projectId = await db.Projects.Where(p => p.Slug == "demo").Select(p => p.Id).SingleAsync();
            await BenchData.CopyDemoTracesAsync(db, projectId, count, n => $"{prefix}{1_000_000 + n}");
        }

        var member = await MemberAsync();
        var queue = (await Get<QueueService>().CreateAsync(member, projectId, name, "Made by the benchmarks")).Ok;
        await using (var db = await DbAsync())
            await BenchData.InsertItemsAsync(db, projectId, queue.Id, 1, count, n => $"{prefix}{1_000_000 + n}");

        return queue.Id;
    }

    /// <summary>
    /// The APPROVED items of a queue once there are <paramref name="expected"/>, or as many as there
    /// are when <paramref name="patience"/> is up (the writes of the last submits may still be on
    /// their way).
    /// </summary>
    public async Task<int> ApprovedAsync(long queueId, int expected, TimeSpan patience)
    {
        var until = DateTime.UtcNow + patience;
        while (true)
        {
            await using var db = await DbAsync();
            var approved = await db.ReviewItems
                .CountAsync(i => i.QueueId == queueId && i.Status == ItemStatus.APPROVED);
            if (approved >= expected || DateTime.UtcNow >= until)
                return approved;
            await Task.Delay(100);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Benchmarks");
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:ReviewQueue", $"Data Source={Path.Combine(_folder, "app.db")}");
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Demo:Password", Password);
        builder.UseSetting("Demo:ApiKey", ApiKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || !Directory.Exists(_folder))
            return;

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
