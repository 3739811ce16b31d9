using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ReviewQueue.Core.Persistence;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the app:
/// <c>dotnet ef migrations add Name --project ReviewQueue.Core --output-dir Persistence/Migrations/Sqlite</c>.
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=design.db").Options);
}
