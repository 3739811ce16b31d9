using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Traces;

namespace ReviewQueue.Core.Persistence.Configurations;

internal sealed class TraceConfiguration : IEntityTypeConfiguration<Trace>
{
    public void Configure(EntityTypeBuilder<Trace> builder)
    {
        builder.HasKey(t => t.Key);
        builder.Property(t => t.TraceId).HasMaxLength(Limits.IdLength);
        builder.Property(t => t.Name).HasMaxLength(Limits.NameLength);
        builder.Property(t => t.UserId).HasMaxLength(Limits.IdLength);
        builder.Property(t => t.SessionId).HasMaxLength(Limits.IdLength);
        builder.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);

        // The id a client gives is unique in its project; the Traces page lists by time.
        builder.HasIndex(t => new { t.ProjectId, t.TraceId }).IsUnique();
        builder.HasIndex(t => new { t.ProjectId, t.Timestamp });
        builder.HasIndex(t => new { t.ProjectId, t.Name });

        builder.HasMany(t => t.Tags).WithOne().HasForeignKey(g => g.TraceKey).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Spans).WithOne().HasForeignKey(s => s.TraceKey).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Annotations).WithOne().HasForeignKey(a => a.TraceKey).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TraceTagConfiguration : IEntityTypeConfiguration<TraceTag>
{
    public void Configure(EntityTypeBuilder<TraceTag> builder)
    {
        builder.HasKey(g => new { g.TraceKey, g.Tag });
        builder.Property(g => g.Tag).HasMaxLength(Limits.TagLength);
        builder.HasIndex(g => g.Tag);
    }
}

internal sealed class SpanConfiguration : IEntityTypeConfiguration<Span>
{
    public void Configure(EntityTypeBuilder<Span> builder)
    {
        builder.Property(s => s.SpanId).HasMaxLength(Limits.IdLength);
        builder.Property(s => s.ParentSpanId).HasMaxLength(Limits.IdLength);
        builder.Property(s => s.Name).HasMaxLength(Limits.NameLength);
        builder.Property(s => s.Model).HasMaxLength(Limits.ModelLength);
        builder.HasIndex(s => s.TraceKey);
    }
}

internal sealed class TraceAnnotationConfiguration : IEntityTypeConfiguration<TraceAnnotation>
{
    public void Configure(EntityTypeBuilder<TraceAnnotation> builder)
    {
        builder.Property(a => a.QueueName).HasMaxLength(Limits.NameLength);
        builder.Property(a => a.Label).HasMaxLength(Limits.LabelLength);
        builder.Property(a => a.Notes).HasMaxLength(Limits.NotesLength);
        builder.Property(a => a.AuthorId).HasMaxLength(Limits.PrincipalIdLength);
        builder.Property(a => a.AuthorName).HasMaxLength(Limits.DisplayNameLength);
        builder.HasIndex(a => a.TraceKey);

        // One annotation per review item, whatever the number of submits; the link is cleared,
        // and the annotation kept, when the queue and its items are deleted.
        builder.HasIndex(a => a.ReviewItemId).IsUnique();
        builder.HasOne<Reviews.ReviewItem>().WithMany().HasForeignKey(a => a.ReviewItemId)
            .OnDelete(DeleteBehavior.SetNull);
    }
}
