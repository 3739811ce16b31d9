using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.Core.Persistence.Configurations;

internal sealed class QueueConfiguration : IEntityTypeConfiguration<Queue>
{
    public void Configure(EntityTypeBuilder<Queue> builder)
    {
        builder.ToTable("ReviewQueues");
        builder.Property(q => q.Name).HasMaxLength(Limits.NameLength);
        builder.Property(q => q.NormalizedName).HasMaxLength(Limits.NameLength);
        builder.Property(q => q.Description).HasMaxLength(Limits.DescriptionLength);
        builder.Property(q => q.CreatedById).HasMaxLength(Limits.PrincipalIdLength);
        builder.Property(q => q.CreatedByName).HasMaxLength(Limits.DisplayNameLength);
        builder.HasIndex(q => new { q.ProjectId, q.NormalizedName }).IsUnique();
        builder.HasOne<Project>().WithMany().HasForeignKey(q => q.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(q => q.IsArchived);
    }
}

internal sealed class ReviewItemConfiguration : IEntityTypeConfiguration<ReviewItem>
{
    public void Configure(EntityTypeBuilder<ReviewItem> builder)
    {
        builder.Property(i => i.HeldById).HasMaxLength(Limits.PrincipalIdLength);
        builder.Property(i => i.HeldByName).HasMaxLength(Limits.DisplayNameLength);
        builder.Property(i => i.Label).HasMaxLength(Limits.LabelLength);
        builder.Property(i => i.Notes).HasMaxLength(Limits.NotesLength);
        builder.Property(i => i.ReviewerId).HasMaxLength(Limits.PrincipalIdLength);
        builder.Property(i => i.ReviewerName).HasMaxLength(Limits.DisplayNameLength);
        builder.Property(i => i.AddedById).HasMaxLength(Limits.PrincipalIdLength);
        builder.Property(i => i.TraceId).HasMaxLength(Limits.IdLength);
        builder.Property(i => i.TraceName).HasMaxLength(Limits.NameLength);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.Ignore(i => i.Review);

        builder.HasOne<Queue>().WithMany().HasForeignKey(i => i.QueueId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(i => i.Trace).WithMany().HasForeignKey(i => i.TraceKey).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.History).WithOne().HasForeignKey(e => e.ItemId).OnDelete(DeleteBehavior.Cascade);

        // A trace is in a queue at most once.
        builder.HasIndex(i => new { i.QueueId, i.TraceKey }).IsUnique();

        // The claim (next PENDING, then next SKIPPED, in the order added), the progress counts and
        // list mode's status filter all walk this one index.
        builder.HasIndex(i => new { i.QueueId, i.Status, i.Id });

        // List mode's two sorts that are not in the order added, under its status filter: the page
        // is read in index order instead of sorting every matching row. Id breaks ties.
        builder.HasIndex(i => new { i.QueueId, i.Status, i.ReviewedAt, i.Id });
        builder.HasIndex(i => new { i.QueueId, i.Status, i.TraceName, i.Id });

        // The lease sweeper finds lapsed holds across all queues.
        builder.HasIndex(i => new { i.Status, i.LeaseExpiresAt });
    }
}

internal sealed class ReviewItemEventConfiguration : IEntityTypeConfiguration<ReviewItemEvent>
{
    public void Configure(EntityTypeBuilder<ReviewItemEvent> builder)
    {
        builder.Property(e => e.ActorId).HasMaxLength(Limits.PrincipalIdLength);
        builder.Property(e => e.ActorName).HasMaxLength(Limits.DisplayNameLength);
        builder.Property(e => e.Label).HasMaxLength(Limits.LabelLength);
        builder.Property(e => e.Notes).HasMaxLength(Limits.NotesLength);
        builder.HasIndex(e => new { e.ItemId, e.Id });
    }
}
