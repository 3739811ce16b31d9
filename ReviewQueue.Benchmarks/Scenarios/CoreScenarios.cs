using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.Benchmarks.Scenarios;

/// <summary>The scenarios that call Core directly: claim and submit, add, list, export, concurrent reviewers.</summary>
public sealed class CoreScenarios(CoreHost host, Sizes sizes, Report report)
{
    private readonly ReviewValues _approve =
        ReviewValues.Create(ReviewDecision.APPROVED, Sentiment.POSITIVE, null, null).Ok;

    private string P => host.Provider;

    private string Add => $"add {sizes.AddItems / 1000.0:0.#}k traces";

    public async Task RunAllAsync()
    {
        var traces = sizes.QueueItems;
        var seed = Stopwatch.StartNew();
        await host.AddTracesAsync(traces);
        Console.WriteLine($"  seeded {traces:N0} traces in {seed.Elapsed.TotalSeconds:0.0} s");

        await AddAsync();
        var big = await BigQueueAsync();
        await ListAsync(big);
        await ClaimSubmitAsync(big);
        await ExportAsync();
        await ConcurrentReviewersAsync();
    }

    /// <summary>A queue of <see cref="Sizes.QueueItems"/> items, every second one already APPROVED.</summary>
    private async Task<long> BigQueueAsync()
    {
        var watch = Stopwatch.StartNew();
        var queueId = await host.QueueWithItemsAsync("Big queue", sizes.QueueItems);
        await using (var db = host.NewDb())
            await BenchData.ApproveAsync(db, queueId, every: 2, DateTime.UtcNow.AddHours(-1));
        if (!host.IsSqlite)
        {
            await using var db = host.NewDb();
            // What autovacuum does within a minute of a bulk load: statistics, and the visibility
            // map that lets counts and page ids come from the index alone.
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        }

        Console.WriteLine($"  queue of {sizes.QueueItems:N0} items ready in {watch.Elapsed.TotalSeconds:0.0} s");
        return queueId;
    }

    private async Task AddAsync()
    {
        // A project of its own holding exactly the traces added (before the CROSS JOIN fix the time
        // grew with the project's size times the ids; now it does not, and the figure stays comparable).
        var projectId = await host.ProjectWithTracesAsync("bench-add", sizes.AddItems);
        var ids = Enumerable.Range(1, sizes.AddItems).Select(CoreHost.TraceId).ToList();
        var core = new List<double>();
        var raw = new List<double>();

        // One small call first, untimed: compiling the queries is not what the figure is about.
        var warmUp = await host.EmptyQueueAsync("Add warm-up", projectId);
        await host.Items.AddItemsAsync(host.Owner, warmUp, ids.Take(100).ToList());
        for (var repeat = 0; repeat < sizes.AddRepeats; repeat++)
        {
            if (host.IsSqlite)
                raw.Add(await RawSqliteInsertAsync(ids, projectId));

            var queueId = await host.EmptyQueueAsync($"Add {repeat}", projectId);
            var start = Stopwatch.GetTimestamp();
            var added = await host.Items.AddItemsAsync(host.Owner, queueId, ids);
            core.Add(Stats.Milliseconds(start, Stopwatch.GetTimestamp()));
            if (!added.IsSuccess || added.Ok.Added != ids.Count)
                throw new InvalidOperationException("AddItemsAsync did not add every trace.");
            if (core[^1] > 5000)
                break;
        }

        if (host.IsSqlite)
        {
            await ProposedSqliteAddAsync(ids, projectId);
            await LookupAsync(ids, projectId);
        }

        var coreMedian = Stats.Percentile(core, 50);
        report.Add(new Figure(Add, P, $"AddItemsAsync, {ids.Count:N0} ids, median of {core.Count}",
            coreMedian, "ms", Target: 1000));
        if (raw.Count > 0)
        {
            var rawMedian = Stats.Percentile(raw, 50);
            report.Add(new Figure(Add, P, "raw Microsoft.Data.Sqlite insert, one transaction",
                rawMedian, "ms"));
            report.Add(new Figure(Add, P, "AddItemsAsync / raw insert", coreMedian / rawMedian, "x",
                Target: 3));
        }
    }

    /// <summary>
    /// The statement of <c>BulkSql.InsertItemsAsync</c> alone, with <c>CROSS JOIN</c> (as Core has it
    /// now), which makes SQLite walk the id list and look each id up in the unique (ProjectId, TraceId)
    /// index; the plan with a plain <c>JOIN</c> is printed beside it, for the quadratic one it was.
    /// </summary>
    private async Task ProposedSqliteAddAsync(List<string> ids, long projectId)
    {
        const string Statement = """
            INSERT INTO "ReviewItems" ("QueueId", "TraceKey", "TraceId", "TraceName", "Status", "AddedAt",
                "AddedById", "Version")
            SELECT $queue, t."Key", t."TraceId", t."Name", 'PENDING', $at, $by, 0
            FROM json_each($ids) AS j
            {0} "Traces" AS t ON t."ProjectId" = $project AND t."TraceId" = j.value
            WHERE NOT EXISTS (
                SELECT 1 FROM "ReviewItems" AS r WHERE r."QueueId" = $queue AND r."TraceKey" = t."Key")
            ORDER BY j.key
            """;
        var queueId = await host.EmptyQueueAsync($"Proposed {Guid.NewGuid():N}", projectId);
        await using var connection = new SqliteConnection(host.ConnectionString);
        await connection.OpenAsync();

        SqliteCommand Command(string sql)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$queue", queueId);
            command.Parameters.AddWithValue("$at", DateTime.UtcNow);
            command.Parameters.AddWithValue("$by", host.Owner.PrincipalId);
            command.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(ids));
            command.Parameters.AddWithValue("$project", projectId);
            return command;
        }

        foreach (var join in new[] { "JOIN", "CROSS JOIN" })
        {
            await using var explain = Command("EXPLAIN QUERY PLAN " + string.Format(Statement, join));
            await using var reader = await explain.ExecuteReaderAsync();
            var steps = new List<string>();
            while (await reader.ReadAsync())
                steps.Add(reader.GetString(3));
            Console.WriteLine($"  plan with {join}: {string.Join("; ", steps)}");
        }

        await using var pragma = Command("PRAGMA synchronous=NORMAL;");
        await pragma.ExecuteNonQueryAsync();
        var start = Stopwatch.GetTimestamp();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = Command(string.Format(Statement, "CROSS JOIN"));
        insert.Transaction = tx;
        var added = await insert.ExecuteNonQueryAsync();
        await tx.CommitAsync();
        report.Add(new Figure(Add, P, "its INSERT ... SELECT alone (CROSS JOIN)",
            Stats.Milliseconds(start, Stopwatch.GetTimestamp()), "ms", Note: $"{added:N0} rows"));
    }

    /// <summary>
    /// The look-up that <c>AddItemsAsync</c> runs before its INSERT, through Core's context factory
    /// (the list as one JSON parameter) and as EF Core 10 sends it by default (one SQL parameter per
    /// id, which Microsoft.Data.Sqlite binds by name, one search of the list per parameter).
    /// </summary>
    private async Task LookupAsync(List<string> ids, long projectId)
    {
        // The default form on a context of its own, each form warmed up once so that the figures
        // leave out building the model and compiling the query. No JSON variant built here: one was
        // tried, and ToQueryString showed it sending the per-id SQL of the context before it (EF
        // Core's query cache, presumably); an earlier version of this figure measured that.
        var perId = new DbContextOptionsBuilder<AppDbContext>().UseSqlite(host.ConnectionString).Options;
        foreach (var (name, options) in new (string, DbContextOptions<AppDbContext>?)[]
                 {
                     ("one JSON parameter, as Core has it", null),
                     ("one parameter per id (EF Core 10 default)", perId),
                 })
        {
            var times = new List<double>();
            for (var n = -1; n < 3; n++)
            {
                await using var db = options is null ? host.NewDb() : new AppDbContext(options);
                var start = Stopwatch.GetTimestamp();
                var found = await db.Traces.Where(t => t.ProjectId == projectId && ids.Contains(t.TraceId))
                    .Select(t => t.TraceId).ToListAsync();
                if (n >= 0)
                    times.Add(Stats.Milliseconds(start, Stopwatch.GetTimestamp()));
                if (found.Count != ids.Count)
                    throw new InvalidOperationException("The look-up missed traces.");
            }

            report.Add(new Figure(Add, P, $"trace look-up, {name}, median of 3", Stats.Percentile(times, 50), "ms"));
        }
    }

    /// <summary>
    /// The floor: the same rows (trace keys already known) inserted by one prepared statement in one
    /// transaction on one connection, with the same synchronous=NORMAL that Core sets.
    /// </summary>
    private async Task<double> RawSqliteInsertAsync(List<string> ids, long projectId)
    {
        var queueId = await host.EmptyQueueAsync($"Raw {Guid.NewGuid():N}", projectId);
        List<(long Key, string Id, string Name)> keys;
        await using (var db = host.NewDb())
        {
            var byId = await db.Traces.Where(t => t.ProjectId == projectId && t.TraceId.StartsWith("bench-"))
                .Select(t => new { t.TraceId, t.Key, t.Name })
                .ToDictionaryAsync(t => t.TraceId, t => (t.Key, t.TraceId, t.Name));
            keys = ids.Select(id => byId[id]).ToList();
        }

        await using var connection = new SqliteConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL;";
            await pragma.ExecuteNonQueryAsync();
        }

        var start = Stopwatch.GetTimestamp();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO "ReviewItems" ("QueueId", "TraceKey", "TraceId", "TraceName", "Status", "AddedAt",
                "AddedById", "Version")
            VALUES ($queue, $trace, $traceId, $traceName, 'PENDING', $at, $by, 0)
            """;
        var queue = insert.Parameters.Add("$queue", SqliteType.Integer);
        var trace = insert.Parameters.Add("$trace", SqliteType.Integer);
        var traceId = insert.Parameters.Add("$traceId", SqliteType.Text);
        var traceName = insert.Parameters.Add("$traceName", SqliteType.Text);
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        var by = insert.Parameters.Add("$by", SqliteType.Text);
        insert.Prepare();
        queue.Value = queueId;
        at.Value = DateTime.UtcNow;
        by.Value = host.Owner.PrincipalId;
        foreach (var key in keys)
        {
            trace.Value = key.Key;
            traceId.Value = key.Id;
            traceName.Value = key.Name;
            await insert.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
        return Stats.Milliseconds(start, Stopwatch.GetTimestamp());
    }

    private async Task ClaimSubmitAsync(long queueId)
    {
        var reviewer = host.Reviewers[0];
        var both = new List<double>();
        var claims = new List<double>();
        var submits = new List<double>();
        var cpu = TimeSpan.Zero;
        // A running server has long since compiled this path at its top tier; without a long warm-up
        // the JIT's background recompilation competes with the measured calls for the two cores.
        for (var n = -sizes.ClaimWarmUps; n < sizes.ClaimSubmits; n++)
        {
            var cpuStart = Environment.CpuUsage.TotalTime;
            var start = Stopwatch.GetTimestamp();
            var claimed = await host.Items.ClaimNextAsync(reviewer, queueId);
            var mid = Stopwatch.GetTimestamp();
            var item = claimed.Ok ?? throw new InvalidOperationException("Nothing left to claim.");
            var submitted = await host.Items.SubmitAsync(reviewer, item.Id, _approve);
            var end = Stopwatch.GetTimestamp();
            if (!submitted.IsSuccess)
                throw new InvalidOperationException($"Submit failed: {submitted.Error!.Message}");
            if (n < 0)
                continue;

            cpu += Environment.CpuUsage.TotalTime - cpuStart;
            both.Add(Stats.Milliseconds(start, end));
            claims.Add(Stats.Milliseconds(start, mid));
            submits.Add(Stats.Milliseconds(mid, end));
        }

        var scenario = $"claim+submit, {sizes.QueueItems / 1000:N0}k queue";
        report.Add(new Figure(scenario, P, $"p50 of {both.Count}", Stats.Percentile(both, 50), "ms"));
        report.Add(new Figure(scenario, P, $"p95 of {both.Count}", Stats.Percentile(both, 95), "ms",
            Target: host.IsSqlite ? 5 : null));
        foreach (var (part, times) in new[] { ("claim", claims), ("submit", submits) })
        {
            report.Add(new Figure(scenario, P, $"{part} alone, p50", Stats.Percentile(times, 50), "ms"));
            report.Add(new Figure(scenario, P, $"{part} alone, p95", Stats.Percentile(times, 95), "ms"));
        }

        // CPU time of the whole process per pair: what the pair costs when it has the cores to itself
        // (wall times above grow with whatever else the machine runs; this does not, much).
        report.Add(new Figure(scenario, P, "process CPU time per claim+submit, mean",
            cpu.TotalMilliseconds / both.Count, "ms"));
    }

    private async Task ListAsync(long queueId)
    {
        var scenario = $"list page, {sizes.QueueItems / 1000:N0}k queue";
        var approvedPages = sizes.QueueItems / 2 / 50;
        (string Name, ItemQuery Query)[] queries =
        [
            ("APPROVED, by added, page 1", new ItemQuery(Status: ItemStatus.APPROVED)),
            ("PENDING, newest first, page 1", new ItemQuery(Status: ItemStatus.PENDING, Descending: true)),
            ("APPROVED, by reviewed-at desc, page 1",
                new ItemQuery(Status: ItemStatus.APPROVED, Sort: ItemSort.ReviewedAt, Descending: true)),
            ("APPROVED, by trace name, page 1", new ItemQuery(Status: ItemStatus.APPROVED, Sort: ItemSort.TraceName)),
            ($"APPROVED, by added, last page ({approvedPages})",
                new ItemQuery(Status: ItemStatus.APPROVED, Page: approvedPages)),
        ];

        foreach (var (name, query) in queries)
        {
            var times = new List<double>();
            for (var n = -3; n < sizes.ListPages; n++)
            {
                var start = Stopwatch.GetTimestamp();
                var page = await host.Items.ListAsync(host.Owner, queueId, query);
                var elapsed = Stats.Milliseconds(start, Stopwatch.GetTimestamp());
                if (!page.IsSuccess || page.Ok.Items.Count != 50)
                    throw new InvalidOperationException($"List {name} gave {page.Ok?.Items.Count} rows.");
                if (n >= 0)
                    times.Add(elapsed);
            }

            report.Add(new Figure(scenario, P, $"{name}: p95 of {times.Count}", Stats.Percentile(times, 95), "ms",
                Target: 50, Note: $"p50 {Stats.Percentile(times, 50):0.00} ms"));
        }
    }

    private async Task ExportAsync()
    {
        var queueId = await host.QueueWithItemsAsync("Export", sizes.ExportItems);
        await using (var db = host.NewDb())
            await BenchData.ApproveAsync(db, queueId, every: 1, DateTime.UtcNow.AddHours(-1));

        var scenario = $"export {sizes.ExportItems / 1000:N0}k approved";
        var start = Stopwatch.GetTimestamp();
        var first = await host.Export.ExportAsync(host.Owner, queueId, null, "Bench export");
        var firstMs = Stats.Milliseconds(start, Stopwatch.GetTimestamp());
        start = Stopwatch.GetTimestamp();
        var second = await host.Export.ExportAsync(host.Owner, queueId, first.Ok.DatasetId, null);
        var secondMs = Stats.Milliseconds(start, Stopwatch.GetTimestamp());

        report.Add(new Figure(scenario, P, "first export", firstMs, "ms", Target: 2000,
            Note: $"{first.Ok.Exported:N0} items exported"));
        report.Add(new Figure(scenario, P, "items exported by the first run", first.Ok.Exported, "items",
            Target: sizes.ExportItems, AtLeast: true));
        report.Add(new Figure(scenario, P, "second export", secondMs, "ms"));
        report.Add(new Figure(scenario, P, "items added by the second run", second.Ok.Exported, "items", Target: 0));
    }

    private async Task ConcurrentReviewersAsync()
    {
        var queueId = await host.QueueWithItemsAsync("Concurrent", sizes.ConcurrentItems, first: 1);
        var claimed = new ConcurrentBag<long>();
        var failures = 0;
        var reviewers = host.Reviewers.Take(sizes.Reviewers).ToList();

        var locked = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(reviewers.Select(reviewer => Task.Run(async () =>
        {
            while (failures + locked < 1000)
            {
                try
                {
                    var next = await host.Items.ClaimNextAsync(reviewer, queueId);
                    if (!next.IsSuccess)
                    {
                        Interlocked.Increment(ref failures);
                        continue;
                    }

                    if (next.Ok is not { } item)
                        return;

                    claimed.Add(item.Id);
                    var submitted = await host.Items.SubmitAsync(reviewer, item.Id, _approve);
                    if (!submitted.IsSuccess)
                        Interlocked.Increment(ref failures);
                }
                catch (SqliteException ex) when (ex.SqliteErrorCode == 5)
                {
                    // SQLITE_BUSY after the command timeout: a writer waited 30 s for the file lock.
                    Interlocked.Increment(ref locked);
                }
            }
        })));
        watch.Stop();

        var ids = claimed.ToList();
        var scenario = $"{reviewers.Count} reviewers, {sizes.ConcurrentItems / 1000.0:0.#}k items";
        report.Add(new Figure(scenario, P, "reviews per second", ids.Count / watch.Elapsed.TotalSeconds, "/s",
            Note: $"{ids.Count:N0} reviews in {watch.Elapsed.TotalSeconds:0.00} s"));
        report.Add(new Figure(scenario, P, "items claimed twice", ids.Count - ids.Distinct().Count(), "items",
            Target: 0));
        report.Add(new Figure(scenario, P, "items never claimed", sizes.ConcurrentItems - ids.Distinct().Count(),
            "items", Target: 0));
        report.Add(new Figure(scenario, P, "refused claims or submits", failures, "calls"));
        report.Add(new Figure(scenario, P, "calls failed with \"database is locked\" (30 s wait)", locked, "calls",
            Target: 0));
        await using var db = host.NewDb();
        var open = await db.ReviewItems.CountAsync(i => i.QueueId == queueId && i.Status != ItemStatus.APPROVED);
        report.Add(new Figure(scenario, P, "items left undecided", open, "items", Target: 0));
    }
}
