using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ReviewQueue.Core.Persistence;

/// <summary>
/// The same model on PostgreSQL. A type of its own so that its migrations
/// (<c>Persistence/Migrations/Postgres</c>) stay apart from SQLite's; services only ever see
/// <see cref="AppDbContext"/>.
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);

/// <summary>Hands out PostgreSQL contexts to code that asks for <see cref="AppDbContext"/>.</summary>
internal sealed class PostgresContextFactory(IDbContextFactory<PostgresAppDbContext> inner)
    : IDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}

/// <summary>
/// For <c>dotnet ef migrations add Name --project ReviewQueue.Core --context PostgresAppDbContext
/// --output-dir Persistence/Migrations/Postgres --namespace ReviewQueue.Core.Persistence.Migrations.Postgres</c>;
/// no server is contacted.
/// </summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
