using Microsoft.EntityFrameworkCore;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Core.Traces;

namespace ReviewQueue.Benchmarks.Scenarios;

/// <summary>Bulk data for the scenarios, written by SQL so that seeding does not dominate a run.</summary>
public static class BenchData
{
    /// <summary>
    /// Adds traces 1..<paramref name="count"/> to a project: one trace is built the way ingest builds
    /// it, then copied by one INSERT ... SELECT over a counter, with its own id and name per copy.
    /// </summary>
    public static async Task AddTracesAsync(AppDbContext db, long projectId, int count, Func<int, string> traceId)
    {
        var now = DateTime.UtcNow;
        var input = new TraceInput(null, "Bench template", now, null, null, null, null, null, null, 420, 120, 80,
            null, 0.0012, TraceStatus.OK, null);
        var template = TraceService.Build(projectId, $"bench-template-{Guid.NewGuid():N}", input, now);
        template.Input = """
            [{"role":"user","content":"Where is my order? It was due on Monday and has not arrived."}]
            """;
        template.Output = """
            {"role":"assistant","content":"Sorry about that. Your order left on Tuesday; it arrives tomorrow."}
            """;
        db.Traces.Add(template);
        await db.SaveChangesAsync();

        var entity = db.Model.FindEntityType(typeof(Trace))!;
        var columns = entity.GetProperties()
            .Where(p => p.Name != nameof(Trace.Key))
            .Select(p => (p.Name, Column: p.GetColumnName()))
            .ToList();
        var prefix = PrefixOf(traceId);
        var values = columns.Select(c => c.Name switch
        {
            nameof(Trace.TraceId) => $"'{prefix}' || (1000000 + n.i)",
            nameof(Trace.Name) => "'Support chat ' || n.i",
            _ => $"t.\"{c.Column}\"",
        });

        var sql = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
            INSERT INTO "Traces" ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))})
            SELECT {string.Join(", ", values)}
            FROM n CROSS JOIN "Traces" AS t
            WHERE t."Key" = {template.Key}
            """;
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    // The SQL makes trace n's id as the prefix and 1,000,000 + n, so traceId must do the same.
    private static string PrefixOf(Func<int, string> traceId)
    {
        var prefix = traceId(0)[..^7];
        if (traceId(1) != $"{prefix}{1_000_001}")
            throw new InvalidOperationException("Trace ids must be a prefix and 1,000,000 + n.");
        return prefix;
    }

    /// <summary>
    /// Adds traces 1..<paramref name="count"/> to the demo project as copies, in turn, of the demo's own
    /// traces (support chats, RAG answers with passages, tool calls, reports, errors), with their spans
    /// and tags and without annotations: what a reviewer really reads, for the browser scenarios.
    /// </summary>
    public static async Task CopyDemoTracesAsync(AppDbContext db, long projectId, int count,
        Func<int, string> traceId)
    {
        var prefix = PrefixOf(traceId);

        var sources = await db.Traces
            .Where(t => t.ProjectId == projectId && t.TraceId.StartsWith("demo-"))
            .CountAsync();
        if (sources == 0)
            throw new InvalidOperationException("The demo project has no demo traces to copy.");

        // Source r (0-based, in key order) is copied to every trace i with (i - 1) % sources = r.
        var source = $"""
            src AS (SELECT "Key", ROW_NUMBER() OVER (ORDER BY "Key") - 1 AS r FROM "Traces"
                    WHERE "ProjectId" = {projectId} AND "TraceId" LIKE 'demo-%')
            """;
        var copyNumber =
            $"""(CAST(substr(c."TraceId", {prefix.Length + 1}) AS INTEGER) - 1000001) % {sources}""";

        string Columns(Type type, Func<string, string> value, params string[] skip)
        {
            var entity = db.Model.FindEntityType(type)!;
            var columns = entity.GetProperties().Where(p => !skip.Contains(p.Name)).ToList();
            var names = columns.Select(c => $"\"{c.GetColumnName()}\"").ToList();
            var values = columns.Select((c, n) => value(c.Name) is { Length: > 0 } v ? v : $"t.{names[n]}");
            return $"({string.Join(", ", names)}) SELECT {string.Join(", ", values)}";
        }

        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        var traces = Columns(typeof(Trace), name => name switch
        {
            nameof(Trace.TraceId) => $"'{prefix}' || (1000000 + n.i)",
            nameof(Trace.AnnotationCount) => "0",
            _ => "",
        }, nameof(Trace.Key));
        string sql = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}), {source}
            INSERT INTO "Traces" {traces}
            FROM n JOIN src ON src.r = (n.i - 1) % {sources} JOIN "Traces" AS t ON t."Key" = src."Key"
            """;
        await db.Database.ExecuteSqlRawAsync(sql);

        // Both hang off the trace by a TraceKey column; a span's own id is made anew.
        foreach (var type in new[] { typeof(Span), typeof(TraceTag) })
        {
            var table = db.Model.FindEntityType(type)!.GetTableName();
            var skip = type == typeof(Span) ? new[] { nameof(Span.Id) } : [];
            var columns = Columns(type, name => name == nameof(Span.TraceKey) ? "c.\"Key\"" : "", skip);
            sql = $"""
                WITH {source}
                INSERT INTO "{table}" {columns}
                FROM "Traces" AS c JOIN src ON src.r = {copyNumber}
                JOIN "{table}" AS t ON t."TraceKey" = src."Key"
                WHERE c."ProjectId" = {projectId} AND c."TraceId" LIKE '{prefix}%'
                """;
            await db.Database.ExecuteSqlRawAsync(sql);
        }
    }

    /// <summary>
    /// Puts traces <paramref name="first"/>.. of a project into a queue in one INSERT ... SELECT, for
    /// seeding: <c>AddItemsAsync</c> is measured on its own, and is quadratic on SQLite today (see
    /// docs/performance.md), which would make seeding 100,000 items take many minutes.
    /// </summary>
    public static async Task InsertItemsAsync(AppDbContext db, long projectId, long queueId, int first, int count,
        Func<int, string> traceId)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        var from = traceId(first);
        var until = traceId(first + count);
        var now = DateTime.UtcNow;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ReviewItems" ("QueueId", "TraceKey", "TraceId", "TraceName", "Status", "AddedAt",
                "AddedById", "Version")
            SELECT {queueId}, t."Key", t."TraceId", t."Name", 'PENDING', {now}, 'bench-owner', 0
            FROM "Traces" AS t
            WHERE t."ProjectId" = {projectId} AND t."TraceId" >= {from} AND t."TraceId" < {until}
            ORDER BY t."TraceId"
            """);
    }

    /// <summary>Marks every <paramref name="every"/>-th item of a queue APPROVED, as if reviewed.</summary>
    public static async Task ApproveAsync(AppDbContext db, long queueId, int every, DateTime reviewedAt)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        await db.ReviewItems
            .Where(i => i.QueueId == queueId && i.Status == ItemStatus.PENDING && i.Id % every == 0)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, ItemStatus.APPROVED)
                .SetProperty(i => i.Decision, ReviewDecision.APPROVED)
                .SetProperty(i => i.Sentiment, Sentiment.POSITIVE)
                .SetProperty(i => i.ReviewerId, "bench-owner")
                .SetProperty(i => i.ReviewerName, "Bench Owner")
                .SetProperty(i => i.ReviewedAt, reviewedAt));
    }
}
