using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
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

    // Microsoft.Data.Sqlite pools the native connections; the setting stays with the native handle,
    // so it is sent once per handle rather than on every open (an extra statement per call otherwise).
    private static readonly ConditionalWeakTable<object, object> Applied = [];

    private static void Apply(DbConnection connection)
    {
        var handle = (connection as SqliteConnection)?.Handle;
        if (handle is not null && Applied.TryGetValue(handle, out _))
            return;

        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA synchronous=NORMAL;";
            command.ExecuteNonQuery();
        }

        if (handle is not null)
            Applied.AddOrUpdate(handle, handle);
    }
}
