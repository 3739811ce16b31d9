using Microsoft.EntityFrameworkCore;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Persistence;

namespace ReviewQueue.Core.Projects;

/// <summary>A project as a caller sees it: its id, slug, name and the caller's role.</summary>
public sealed record ProjectView(long Id, string Slug, string Name, ProjectRole Role);

/// <summary>
/// The permission table, applied. Someone who is not a member is told the thing does not exist;
/// a member whose role is too low is told what they may not do.
/// </summary>
public sealed class ProjectAccess(IDbContextFactory<AppDbContext> dbs)
{
    /// <summary>The caller's role in a project, or null when they are not a member.</summary>
    public static async Task<ProjectRole?> RoleAsync(AppDbContext db, Caller caller, long projectId,
        CancellationToken ct)
    {
        if (caller.ApiKey is { } key)
            return key.ProjectId == projectId ? key.Role : null;

        return await db.ProjectMembers
            .Where(m => m.ProjectId == projectId && m.UserId == caller.UserId)
            .Select(m => (ProjectRole?)m.Role)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Checks one permission. <paramref name="notFound"/> is the message for a non-member, the same
    /// one a missing thing gets, so that a project's contents are not revealed.
    /// </summary>
    public static async Task<Result<ProjectRole>> CheckAsync(AppDbContext db, Caller caller, long projectId,
        Permission permission, string notFound, CancellationToken ct)
    {
        var role = await RoleAsync(db, caller, projectId, ct);
        return Check(role, permission, notFound);
    }

    /// <summary>
    /// The same check for a caller whose membership row was read with the thing itself (one query
    /// instead of two on the hot paths): <paramref name="memberRole"/> is the role that row gave,
    /// or null; an API key's own grant takes its place.
    /// </summary>
    public static Result<ProjectRole> Check(Caller caller, long projectId, ProjectRole? memberRole,
        Permission permission, string notFound)
    {
        var role = caller.ApiKey is { } key
            ? key.ProjectId == projectId ? key.Role : null
            : memberRole;
        return Check(role, permission, notFound);
    }

    private static Result<ProjectRole> Check(ProjectRole? role, Permission permission, string notFound)
    {
        if (role is null)
            return Error.NotFound(notFound);
        if (!role.Value.Allows(permission))
            return Error.Forbidden(
                $"Your role {role} may not {permission.Describe()}; that needs {permission.MinimumRole()} or higher.");

        return role.Value;
    }

    /// <summary>Finds a project by slug for a caller who needs a permission in it.</summary>
    public async Task<Result<ProjectView>> ResolveAsync(Caller caller, string slug, Permission permission,
        CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var notFound = $"Project \"{slug}\" was not found.";

        var project = await db.Projects.AsNoTracking()
            .Where(p => p.Slug == slug)
            .Select(p => new { p.Id, p.Slug, p.Name })
            .FirstOrDefaultAsync(ct);
        if (project is null)
            return Error.NotFound(notFound);

        var role = await CheckAsync(db, caller, project.Id, permission, notFound, ct);
        if (!role.IsSuccess)
            return role.Error!;

        return new ProjectView(project.Id, project.Slug, project.Name, role.Ok);
    }

    /// <summary>The projects a caller belongs to, for the dashboard.</summary>
    public async Task<IReadOnlyList<ProjectView>> ListAsync(Caller caller, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);

        if (caller.ApiKey is { } key)
        {
            return await db.Projects.AsNoTracking()
                .Where(p => p.Id == key.ProjectId)
                .Select(p => new ProjectView(p.Id, p.Slug, p.Name, key.Role))
                .ToListAsync(ct);
        }

        return await db.ProjectMembers.AsNoTracking()
            .Where(m => m.UserId == caller.UserId)
            .Join(db.Projects, m => m.ProjectId, p => p.Id, (m, p) => new { p.Id, p.Slug, p.Name, m.Role })
            .OrderBy(p => p.Slug)
            .Select(p => new ProjectView(p.Id, p.Slug, p.Name, p.Role))
            .ToListAsync(ct);
    }
}
