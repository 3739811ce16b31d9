using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReviewQueue.Core.Persistence;

namespace ReviewQueue.Tests.Core;

/// <summary>
/// Runs the Core suite on PostgreSQL when the test command selects it (RQ_CORE_PROVIDER=postgres,
/// with RQ_TEST_POSTGRES pointing at the private server that test.sh starts). Each harness gets a
/// fresh database copied from a template that is migrated once per run.
/// </summary>
internal static class PostgresDatabases
{
    private const string Template = "rq_template";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _templateReady;

    public static bool IsSelected =>
        string.Equals(Environment.GetEnvironmentVariable("RQ_CORE_PROVIDER"), "postgres",
            StringComparison.OrdinalIgnoreCase);

    private static string Server => Environment.GetEnvironmentVariable("RQ_TEST_POSTGRES")
        ?? throw new InvalidOperationException("RQ_CORE_PROVIDER=postgres needs RQ_TEST_POSTGRES, set by test.sh.");

    public static string ConnectionString(string database) => $"{Server};Database={database}";

    public static async Task<string> CreateAsync()
    {
        var name = $"rq_{Guid.NewGuid():N}";
        await Gate.WaitAsync();
        try
        {
            if (!_templateReady)
                await CreateTemplateAsync();

            // CREATE DATABASE from a template needs the template to be unused; the gate keeps copies apart.
            await ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {Template}");
        }
        finally
        {
            Gate.Release();
        }

        return name;
    }

    public static async Task DropAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private static async Task CreateTemplateAsync()
    {
        await ExecuteAsync($"DROP DATABASE IF EXISTS {Template} WITH (FORCE)");
        await ExecuteAsync($"CREATE DATABASE {Template}");

        var options = new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(ConnectionString(Template)).Options;
        await using (var db = new PostgresAppDbContext(options))
            await db.Database.MigrateAsync();

        NpgsqlConnection.ClearAllPools();
        _templateReady = true;
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection($"{Server};Database=postgres;Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
