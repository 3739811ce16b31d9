using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Projects;

namespace ReviewQueue.Core.Persistence.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.Property(p => p.Slug).HasMaxLength(Limits.SlugLength);
        builder.Property(p => p.Name).HasMaxLength(Limits.NameLength);
        builder.HasIndex(p => p.Slug).IsUnique();
        builder.HasMany(p => p.Members).WithOne().HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectMemberConfiguration : IEntityTypeConfiguration<ProjectMember>
{
    public void Configure(EntityTypeBuilder<ProjectMember> builder)
    {
        builder.HasKey(m => new { m.ProjectId, m.UserId });
        builder.Property(m => m.UserId).HasMaxLength(Limits.PrincipalIdLength);
        builder.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.UserId);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(Limits.NameLength);
        builder.Property(k => k.SecretHash).HasMaxLength(64);
        builder.Property(k => k.Hint).HasMaxLength(16);
        builder.Property(k => k.CreatedBy).HasMaxLength(Limits.PrincipalIdLength);
        builder.HasIndex(k => k.SecretHash).IsUnique();
        builder.HasIndex(k => k.ProjectId);
        builder.HasOne<Project>().WithMany().HasForeignKey(k => k.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(k => k.IsActive);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder) =>
        builder.Property(u => u.DisplayName).HasMaxLength(Limits.DisplayNameLength);
}
