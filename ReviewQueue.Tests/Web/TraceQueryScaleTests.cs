using Stopwatch = System.Diagnostics.Stopwatch;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewQueue.Core.Traces;
using ReviewQueue.Tests.Core;
using Xunit.Abstractions;

namespace ReviewQueue.Tests.Web;

/// <summary>
/// The Traces page's queries on 100,000 traces answer correct pages. Their speed is measured by
/// the benchmarks (docs/performance.md), not asserted here; the time is written to the test output.
/// </summary>
public sealed class TraceQueryScaleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Traces = 100_000;

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
    public async Task APageOfAHundredThousandTracesIsComplete(string name, TraceQuery query)
    {
        var traces = _h.Services.GetRequiredService<TraceQueryService>();
        await traces.SearchAsync(_h.Member, _h.ProjectId, new TraceQuery { PageSize = 1 });

        var clock = Stopwatch.StartNew();
        var page = await traces.SearchAsync(_h.Member, _h.ProjectId, query);

        output.WriteLine($"{name}: {clock.Elapsed.TotalMilliseconds:0} ms, {page.Ok.Total} matching");
        // Trace pages count from 0.
        var expected = Math.Clamp(page.Ok.Total - query.Page * query.PageSize, 0, query.PageSize);
        page.Ok.Total.Should().BePositive();
        page.Ok.Rows.Should().HaveCount(expected);
    }

    [Fact]
    public async Task AllMatchingIdsOfABroadFilterComeBack()
    {
        var traces = _h.Services.GetRequiredService<TraceQueryService>();

        var clock = Stopwatch.StartNew();
        var ids = await traces.MatchingIdsAsync(_h.Member, _h.ProjectId, new TraceFilter { Tag = "refund" });

        output.WriteLine($"matching ids: {clock.Elapsed.TotalMilliseconds:0} ms");
        ids.Ok.Should().HaveCount(Traces / 10).And.OnlyHaveUniqueItems();
    }
}
