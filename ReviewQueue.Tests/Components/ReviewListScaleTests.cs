using Microsoft.EntityFrameworkCore;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Tests.Core;
using Xunit.Abstractions;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace ReviewQueue.Tests.Components;

/// <summary>One queue of 100,000 items, a third of them decided, made once for all the tests of the class.</summary>
public sealed class HugeQueueFixture : IAsyncLifetime
{
    public const int Items = 100_000;

    public CoreHarness Core { get; private set; } = null!;

    public long QueueId { get; private set; }

    public async Task InitializeAsync()
    {
        Core = await CoreHarness.CreateAsync(traces: 0);
        await using (var db = Core.NewDb())
        {
            await db.Database.ExecuteSqlAsync($"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Items})
                INSERT INTO "Traces" ("ProjectId", "TraceId", "Name", "Timestamp", "Metadata", "LatencyMs",
                    "TotalTokens", "Cost", "Status", "AnnotationCount")
                SELECT {Core.ProjectId}, 'bulk-' || i, 'bulk trace ' || i,
                    strftime('%Y-%m-%d %H:%M:%S', 1764000000 - i * 30, 'unixepoch'), {"{}"}, i % 5000, i % 9000,
                    0.001, 'OK', 0
                FROM n
                """);
        }

        // The items go in by SQL: this class measures reading, and adding has its own tests in Core.
        QueueId = await Core.QueueWithItemsAsync(0, "Huge queue");
        var now = Core.Clock.GetUtcNow().UtcDateTime;
        await using (var db = Core.NewDb())
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ReviewItems" ("QueueId", "TraceKey", "TraceId", "TraceName", "Status", "AddedAt",
                    "AddedById", "Version")
                SELECT {QueueId}, "Key", "TraceId", "Name", 'PENDING', {now}, {Core.Member.PrincipalId}, 0
                FROM "Traces" WHERE "ProjectId" = {Core.ProjectId} ORDER BY "Key"
                """);

            // A third of the items decided, as if reviewers had worked for weeks.
            await db.Database.ExecuteSqlAsync($"""
                UPDATE "ReviewItems" SET
                    "Status" = CASE WHEN "Id" % 6 = 0 THEN 'REJECTED' ELSE 'APPROVED' END,
                    "Decision" = CASE WHEN "Id" % 6 = 0 THEN 'REJECTED' ELSE 'APPROVED' END,
                    "Sentiment" = CASE ("Id" / 3) % 3 WHEN 0 THEN 'POSITIVE' WHEN 1 THEN 'NEUTRAL' ELSE 'NEGATIVE' END,
                    "Label" = 'label-' || ("Id" % 20), "ReviewerId" = {Core.Member.PrincipalId},
                    "ReviewerName" = {Core.Member.DisplayName},
                    "ReviewedAt" = strftime('%Y-%m-%d %H:%M:%S', 1764000000 + "Id", 'unixepoch')
                WHERE "QueueId" = {QueueId} AND "Id" % 3 = 0
                """);
        }
    }

    public async Task DisposeAsync() => await Core.DisposeAsync();
}

/// <summary>
/// What the Review page and list mode ask Core for, on a queue of 100,000 items: complete pages
/// and counts. Speed is measured by the benchmarks, not asserted; times go to the test output.
/// </summary>
public sealed class ReviewListScaleTests(HugeQueueFixture huge, ITestOutputHelper output)
    : IClassFixture<HugeQueueFixture>
{
    private const int Items = HugeQueueFixture.Items;

    private CoreHarness H => huge.Core;

    private long QueueId => huge.QueueId;

    public static TheoryData<string, ItemQuery> Queries => new()
    {
        { "first page, in the order added", new ItemQuery() },
        { "a deep page", new ItemQuery(Page: 1_500, PageSize: 50) },
        { "status", new ItemQuery(Status: ItemStatus.APPROVED) },
        { "status, a deep page", new ItemQuery(Status: ItemStatus.PENDING, Page: 1_000) },
        { "sentiment and label", new ItemQuery(Sentiment: Sentiment.NEGATIVE, Label: "label-7") },
        { "reviewer", new ItemQuery(Reviewer: "Mia Member") },
        { "text", new ItemQuery(Text: "trace 4242") },
        { "by trace name", new ItemQuery(Sort: ItemSort.TraceName) },
        { "by reviewed at, newest first", new ItemQuery(Sort: ItemSort.ReviewedAt, Descending: true) },
        { "by status", new ItemQuery(Sort: ItemSort.Status, Descending: true) },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task AListModePageOfAHundredThousandItemsIsComplete(string name, ItemQuery query)
    {
        await H.Items.ListAsync(H.Member, QueueId, new ItemQuery(PageSize: 1));

        var clock = Stopwatch.StartNew();
        var page = await H.Items.ListAsync(H.Member, QueueId, query);
        clock.Stop();

        output.WriteLine($"{name}: {clock.ElapsedMilliseconds} ms, {page.Ok.Total} matching");
        var expected = Math.Clamp(page.Ok.Total - (query.Page - 1) * query.PageSize, 0, query.PageSize);
        page.Ok.Total.Should().BePositive();
        page.Ok.Items.Should().HaveCount(expected);
    }

    [Fact]
    public async Task TheReviewPageRowsCountAHundredThousandItems()
    {
        await H.Queues.ListAsync(H.Member, H.ProjectId);

        var clock = Stopwatch.StartNew();
        var queues = await H.Queues.ListAsync(H.Member, H.ProjectId);
        var one = await H.Queues.GetAsync(H.Member, QueueId);
        clock.Stop();

        output.WriteLine($"queue list and one queue: {clock.ElapsedMilliseconds} ms");
        queues.Ok.Single().Progress.Total.Should().Be(Items);
        one.Ok.Progress.Pending.Should().Be(Items - Items / 3);
    }
}
