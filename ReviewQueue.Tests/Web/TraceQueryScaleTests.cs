using Stopwatch = System.Diagnostics.Stopwatch;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewQueue.Core.Traces;
using ReviewQueue.Tests.Core;
using Xunit.Abstractions;

namespace ReviewQueue.Tests.Web;

/// <summary>The Traces page's queries on 100,000 traces: each page comes back well within a second.</summary>
public sealed class TraceQueryScaleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Traces = 100_000;

    // Generous for a shared two-core machine; on a quiet one these take tens of milliseconds.
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(1_500);

    private CoreHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await CoreHarness.CreateAsync(traces: 0);
        await using var db = _h.NewDb();
        await db.Database.ExecuteSqlAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Traces})
            INSERT INTO "Traces" ("ProjectId", "TraceId", "Name", "Timestamp", "Metadata", "LatencyMs",
                "TotalTokens", "Cost", "Status", "AnnotationCount")
            SELECT {_h.ProjectId}, 'bulk-' || i, 'bulk trace ' || i,
                strftime('%Y-%m-%d %H:%M:%S', 1764000000 - i * 30, 'unixepoch'), {"{}"}, i % 5000, i % 9000,
                (i % 700) / 1000.0, CASE WHEN i % 25 = 0 THEN 'ERROR' ELSE 'OK' END,
                CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END
            FROM n
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "TraceTags" ("TraceKey", "Tag")
            SELECT "Key", CASE WHEN "Key" % 10 = 0 THEN 'refund' ELSE 'support' END FROM "Traces"
            """);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    public static TheoryData<string, TraceQuery> Queries => new()
    {
        { "newest first", new TraceQuery() },
        { "a deep page", new TraceQuery { Page = 1_000, PageSize = 50 } },
        { "by latency", new TraceQuery { Sort = TraceSort.Latency } },
        { "by cost, ascending", new TraceQuery { Sort = TraceSort.Cost, Descending = false } },
        { "by annotations", new TraceQuery { Sort = TraceSort.Annotations } },
        { "search", new TraceQuery { Filter = new TraceFilter { Search = "trace 4242" } } },
        { "exact id", new TraceQuery { Filter = new TraceFilter { Search = "bulk-77777" } } },
        { "tag", new TraceQuery { Filter = new TraceFilter { Tag = "refund" } } },
        {
            "status and annotations",
            new TraceQuery { Filter = new TraceFilter { Status = TraceStatus.ERROR, HasAnnotations = true } }
        },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task APageStaysFast(string name, TraceQuery query)
    {
        var traces = _h.Services.GetRequiredService<TraceQueryService>();
        await traces.SearchAsync(_h.Member, _h.ProjectId, new TraceQuery { PageSize = 1 });

        var (elapsed, page) = await BestOfThreeAsync(() => traces.SearchAsync(_h.Member, _h.ProjectId, query));

        output.WriteLine($"{name}: {elapsed.TotalMilliseconds:0} ms, {page.Ok.Total} matching");
        page.Ok.Rows.Should().NotBeEmpty();
        elapsed.Should().BeLessThan(Budget);
    }

    [Fact]
    public async Task AllMatchingIdsOfABroadFilterComeBackQuickly()
    {
        var traces = _h.Services.GetRequiredService<TraceQueryService>();

        var (elapsed, ids) = await BestOfThreeAsync(
            () => traces.MatchingIdsAsync(_h.Member, _h.ProjectId, new TraceFilter { Tag = "refund" }));

        output.WriteLine($"matching ids: {elapsed.TotalMilliseconds:0} ms");
        ids.Ok.Should().HaveCount(Traces / 10);
        elapsed.Should().BeLessThan(Budget);
    }

    /// <summary>The fastest of three runs: other work on a shared machine slows single runs, not all three.</summary>
    private static async Task<(TimeSpan Elapsed, T Result)> BestOfThreeAsync<T>(Func<Task<T>> run)
    {
        var best = TimeSpan.MaxValue;
        T result = default!;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var clock = Stopwatch.StartNew();
            result = await run();
            clock.Stop();
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        return (best, result);
    }
}
