using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Datasets;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Core.Traces;

namespace ReviewQueue.Core.Persistence;

/// <summary>
/// The one database of ReviewQueue: Identity's tables and data protection keys beside the domain's. Each entity is
/// configured in its own class under <c>Configurations/</c>.
/// </summary>
public class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Project> Projects => Set<Project>();

    public DbSet<ProjectMember> ProjectMembers => Set<ProjectMember>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Trace> Traces => Set<Trace>();

    public DbSet<TraceTag> TraceTags => Set<TraceTag>();

    public DbSet<Span> Spans => Set<Span>();

    public DbSet<TraceAnnotation> TraceAnnotations => Set<TraceAnnotation>();

    public DbSet<Queue> Queues => Set<Queue>();

    public DbSet<ReviewItem> ReviewItems => Set<ReviewItem>();

    public DbSet<ReviewItemEvent> ReviewItemEvents => Set<ReviewItemEvent>();

    public DbSet<Dataset> Datasets => Set<Dataset>();

    public DbSet<DatasetItem> DatasetItems => Set<DatasetItem>();

    /// <summary>Data protection keys, shared by every node so that a cookie from one is valid on all.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    // Inside a transaction EF Core wraps every save in a savepoint, so that a failed save leaves the
    // transaction usable. Core never goes on after a failed save: it returns the error and the
    // transaction rolls back. So no savepoints, which were two of the round trips of every claim and
    // every submit on PostgreSQL. Set on each save, as a pooled context is reset to the default.
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Database.AutoSavepointsEnabled = false;
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess,
        CancellationToken cancellationToken = default)
    {
        Database.AutoSavepointsEnabled = false;
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name so that the database reads like the API.
        configurationBuilder.Properties<ProjectRole>().HaveConversion<string>().HaveMaxLength(Limits.StatusLength);
        configurationBuilder.Properties<QueueStatus>().HaveConversion<string>().HaveMaxLength(Limits.StatusLength);
        configurationBuilder.Properties<ItemStatus>().HaveConversion<string>().HaveMaxLength(Limits.StatusLength);
        configurationBuilder.Properties<ItemAction>().HaveConversion<string>().HaveMaxLength(Limits.StatusLength);
        configurationBuilder.Properties<ReviewDecision>().HaveConversion<string>().HaveMaxLength(Limits.StatusLength);
        configurationBuilder.Properties<Sentiment>().HaveConversion<string>().HaveMaxLength(Limits.StatusLength);
        configurationBuilder.Properties<TraceStatus>().HaveConversion<string>().HaveMaxLength(Limits.StatusLength);
        configurationBuilder.Properties<SpanKind>().HaveConversion<string>().HaveMaxLength(Limits.StatusLength);

        // Every time is UTC; SQLite hands DateTime back unspecified, so mark it on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
