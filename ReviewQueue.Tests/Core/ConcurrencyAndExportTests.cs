using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.Tests.Core;

public sealed class ConcurrentClaimTests : IAsyncLifetime
{
    private CoreHarness _h = null!;

    public async Task InitializeAsync() => _h = await CoreHarness.CreateAsync(traces: 500);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task SixteenClaimersShareFiveHundredItemsWithoutOverlap()
    {
        var queue = await _h.QueueWithItemsAsync(500);
        var claims = new ConcurrentBag<(int Claimer, long Item)>();

        // Every claimer holds its first item before anyone submits, so all 16 race for real.
        var holding = 16;
        var allHolding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claimers = Enumerable.Range(0, 16).Select(n => Task.Run(async () =>
        {
            var caller = Caller.ForApiKey(100 + n, _h.ProjectId, ProjectRole.MEMBER, $"claimer {n}");
            var first = true;
            while ((await _h.Items.ClaimNextAsync(caller, queue)).Ok is { } item)
            {
                claims.Add((n, item.Id));
                if (first && Interlocked.Decrement(ref holding) == 0)
                    allHolding.SetResult();
                if (first)
                    await allHolding.Task.WaitAsync(TimeSpan.FromMinutes(2));
                first = false;
                (await _h.Items.SubmitAsync(caller, item.Id, CoreHarness.Review())).IsSuccess.Should().BeTrue();
            }
        }));
        await Task.WhenAll(claimers);

        claims.Should().HaveCount(500);
        claims.Select(c => c.Item).Should().OnlyHaveUniqueItems();
        claims.Select(c => c.Claimer).Distinct().Should().HaveCount(16);
        await using var db = _h.NewDb();
        (await db.ReviewItemEvents.CountAsync(e => e.Action == ItemAction.CLAIMED)).Should().Be(500);
        (await db.TraceAnnotations.CountAsync()).Should().Be(500);
        (await _h.QueueStatusAsync(queue)).Should().Be(QueueStatus.COMPLETED);
    }
}

public sealed class ExportTests : IAsyncLifetime
{
    private CoreHarness _h = null!;

    public async Task InitializeAsync() => _h = await CoreHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ExportTakesOnlyApprovedItemsAndRunningItAgainAddsNothing()
    {
        var queue = await _h.QueueWithItemsAsync(5);
        var approved1 = await _h.ReviewNextAsync(_h.Member, queue, CoreHarness.Review(label: "good"));
        await _h.ReviewNextAsync(_h.Member, queue, CoreHarness.Review(ReviewDecision.REJECTED, Sentiment.NEGATIVE));
        var skipped = await _h.ClaimAsync(_h.Member, queue);
        await _h.Items.SkipAsync(_h.Member, skipped.Id);
        var approved2 = await _h.ReviewNextAsync(_h.Member, queue);

        var first = await _h.Export.ExportAsync(_h.Member, queue, null, "Golden set");
        var second = await _h.Export.ExportAsync(_h.Member, queue, first.Ok.DatasetId, null);

        first.Ok.Exported.Should().Be(2);
        first.Ok.AlreadyInDataset.Should().Be(0);
        second.Ok.Should().Be(first.Ok with { Exported = 0, AlreadyInDataset = 2 });
        await using var db = _h.NewDb();
        var items = await db.DatasetItems.Where(i => i.DatasetId == first.Ok.DatasetId).OrderBy(i => i.Id)
            .ToListAsync();
        items.Select(i => i.SourceTraceId).Should().Equal(approved1.TraceId, approved2.TraceId);
    }

    [Fact]
    public async Task ExportedItemsCarryTheTraceAndTheReviewsProvenance()
    {
        var queue = await _h.QueueWithItemsAsync(1, "Audit");
        var item = await _h.ReviewNextAsync(_h.Member, queue,
            CoreHarness.Review(label: "crisp", notes: "clear answer"));

        var export = (await _h.Export.ExportAsync(_h.Member, queue, null, "Golden")).Ok;

        await using var db = _h.NewDb();
        var row = await db.DatasetItems.SingleAsync(i => i.DatasetId == export.DatasetId);
        row.Input.Should().Contain("Question 1");
        row.ExpectedOutput.Should().Contain("Answer 1");
        row.SourceQueueId.Should().Be(queue);
        row.SourceReviewItemId.Should().Be(item.Id);
        using var metadata = JsonDocument.Parse(row.Metadata);
        metadata.RootElement.GetProperty("queueName").GetString().Should().Be("Audit");
        metadata.RootElement.GetProperty("label").GetString().Should().Be("crisp");
        metadata.RootElement.GetProperty("notes").GetString().Should().Be("clear answer");
        metadata.RootElement.GetProperty("reviewer").GetString().Should().Be(_h.Member.DisplayName);
        metadata.RootElement.GetProperty("traceId").GetString().Should().Be(item.TraceId);
    }

    [Fact]
    public async Task ExportingTheSameTraceFromTwoQueuesAddsItOnce()
    {
        var first = await _h.QueueWithItemsAsync(1);
        var second = await _h.QueueWithItemsAsync(1);
        await _h.ReviewNextAsync(_h.Member, first);
        await _h.ReviewNextAsync(_h.Member, second);

        var a = (await _h.Export.ExportAsync(_h.Member, first, null, "Golden")).Ok;
        var b = (await _h.Export.ExportAsync(_h.Member, second, null, "golden")).Ok;

        b.DatasetId.Should().Be(a.DatasetId, "names match a dataset whatever their case");
        b.Exported.Should().Be(0);
        b.AlreadyInDataset.Should().Be(1);
    }

    [Fact]
    public async Task ExportNeedsADatasetOfTheSameProject()
    {
        var queue = await _h.QueueWithItemsAsync(1);
        var sandboxQueue = (await _h.Queues.CreateAsync(_h.Outsider, _h.OtherProjectId, "S", null)).Ok;
        var sandboxDataset = (await _h.Export.ExportAsync(_h.Outsider, sandboxQueue.Id, null, "Theirs")).Ok;

        var none = await _h.Export.ExportAsync(_h.Member, queue, null, null);
        var foreign = await _h.Export.ExportAsync(_h.Member, queue, sandboxDataset.DatasetId, null);
        var overlong = await _h.Export.ExportAsync(_h.Member, queue, null, new string('d', 201));

        none.Error!.Kind.Should().Be(ErrorKind.Invalid);
        foreign.Error!.Kind.Should().Be(ErrorKind.NotFound);
        overlong.Error!.Kind.Should().Be(ErrorKind.Invalid);
        await using var db = _h.NewDb();
        (await db.Datasets.CountAsync(d => d.ProjectId == _h.ProjectId)).Should().Be(0);
    }

    [Fact]
    public async Task JsonLinesHoldOneObjectPerExportedItem()
    {
        var queue = await _h.QueueWithItemsAsync(3);
        await _h.ReviewNextAsync(_h.Member, queue);
        await _h.ReviewNextAsync(_h.Member, queue);
        var export = (await _h.Export.ExportAsync(_h.Member, queue, null, "Golden")).Ok;
        using var stream = new MemoryStream();

        var written = await _h.Datasets.WriteJsonLinesAsync(_h.Viewer, export.DatasetId, stream);

        written.IsSuccess.Should().BeTrue();
        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2);
        using var first = JsonDocument.Parse(lines[0]);
        first.RootElement.GetProperty("input")[0].GetProperty("content").GetString().Should().Be("Question 1");
        first.RootElement.GetProperty("metadata").GetProperty("decision").GetString().Should().Be("APPROVED");
    }
}
