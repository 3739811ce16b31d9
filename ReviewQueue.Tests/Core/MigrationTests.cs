using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReviewQueue.Tests.Core;

/// <summary>Migrations that move data, run down and up again on a database that holds some.</summary>
public sealed class MigrationTests : IAsyncLifetime
{
    private CoreHarness _h = null!;

    public async Task InitializeAsync() => _h = await CoreHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ItemsAddedBeforeTheTraceCopyGetTheirTracesIdAndName()
    {
        var queue = await _h.QueueWithItemsAsync(3);
        string[] all;
        await using (var db = _h.NewDb())
            all = [.. db.Database.GetMigrations()];
        var copy = Array.FindIndex(all, m => m.EndsWith("_ItemTraceCopy", StringComparison.Ordinal));

        await using (var db = _h.NewDb())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(all[copy - 1]);
            await migrator.MigrateAsync(all[^1]);
        }

        await using var check = _h.NewDb();
        var items = await check.ReviewItems.Where(i => i.QueueId == queue).OrderBy(i => i.Id)
            .Select(i => new { i.TraceId, i.TraceName, Trace = i.Trace!.TraceId, Name = i.Trace.Name })
            .ToListAsync();
        items.Should().HaveCount(3);
        items.Should().OnlyContain(i => i.TraceId == i.Trace && i.TraceName == i.Name && i.TraceId != "");
        items.Select(i => i.TraceId).Should().Equal(CoreHarness.TraceId(1), CoreHarness.TraceId(2),
            CoreHarness.TraceId(3));
    }
}
