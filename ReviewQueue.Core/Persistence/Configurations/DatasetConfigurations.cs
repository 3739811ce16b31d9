using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Datasets;
using ReviewQueue.Core.Projects;

namespace ReviewQueue.Core.Persistence.Configurations;

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(Limits.NameLength);
        builder.Property(d => d.NormalizedName).HasMaxLength(Limits.NameLength);
        builder.Property(d => d.Description).HasMaxLength(Limits.DescriptionLength);
        builder.Property(d => d.CreatedById).HasMaxLength(Limits.PrincipalIdLength);
        builder.HasIndex(d => new { d.ProjectId, d.NormalizedName }).IsUnique();
        builder.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DatasetItemConfiguration : IEntityTypeConfiguration<DatasetItem>
{
    public void Configure(EntityTypeBuilder<DatasetItem> builder)
    {
        builder.Property(i => i.SourceTraceId).HasMaxLength(Limits.IdLength);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(i => i.DatasetId).OnDelete(DeleteBehavior.Cascade);

        // An export never adds the same trace to a dataset twice.
        builder.HasIndex(i => new { i.DatasetId, i.SourceTraceId }).IsUnique();
    }
}
