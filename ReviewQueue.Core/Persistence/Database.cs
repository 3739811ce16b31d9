using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReviewQueue.Core.Persistence;

/// <summary>Bringing the database up to date at start.</summary>
public static class Database
{
    /// <summary>Applies pending migrations and, on SQLite, switches the file to WAL.</summary>
    public static async Task MigrateAsync(IDbContextFactory<AppDbContext> dbs, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer commits; the mode is stored in the file.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        await db.Database.MigrateAsync(ct);
    }
}

/// <summary>
/// Per-connection SQLite settings. With WAL, synchronous=NORMAL keeps the file consistent on a
/// crash and only risks the last commits on power loss, for much cheaper commits.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }
}
