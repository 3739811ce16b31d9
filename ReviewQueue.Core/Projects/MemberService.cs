using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Persistence;

namespace ReviewQueue.Core.Projects;

/// <summary>A member of a project as the Settings page lists it.</summary>
public sealed record MemberView(string UserId, string Email, string DisplayName, ProjectRole Role, DateTime AddedAt);

/// <summary>
/// Who belongs to a project and with which role. ADMIN+ manage members; only an OWNER grants,
/// changes or takes away the OWNER role, and a project always keeps at least one owner.
/// </summary>
public sealed partial class MemberService(
    IDbContextFactory<AppDbContext> dbs,
    TimeProvider clock,
    ILogger<MemberService> logger)
{
    private const string OwnersOnly = "Only an OWNER may grant, change or remove the OWNER role.";
    private const string LastOwner = "A project keeps at least one OWNER; make someone else OWNER first.";

    public async Task<Result<IReadOnlyList<MemberView>>> ListAsync(Caller caller, long projectId,
        CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var access = await CheckAsync(db, caller, projectId, ct);
        if (!access.IsSuccess)
            return access.Error!;

        var members = await Members(db, projectId).ToListAsync(ct);
        return members
            .OrderByDescending(m => m.Role)
            .ThenBy(m => m.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Adds an existing user, found by email, with a role.</summary>
    public async Task<Result<MemberView>> AddAsync(Caller caller, long projectId, string? email, ProjectRole role,
        CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(email))
            return Error.InvalidField("email", "Enter the email of the person to add.");

        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var access = await CheckAsync(db, caller, projectId, ct);
        if (!access.IsSuccess)
            return access.Error!;
        if (role == ProjectRole.OWNER && access.Ok != ProjectRole.OWNER)
            return Error.Forbidden(OwnersOnly);

        var normalized = email.Trim().ToUpperInvariant();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail == normalized)
            .Select(u => new { u.Id })
            .FirstOrDefaultAsync(ct);
        if (user is null)
            return Error.InvalidField("email", $"Nobody with the email \"{email.Trim()}\" has an account here.");

        if (await db.ProjectMembers.AnyAsync(m => m.ProjectId == projectId && m.UserId == user.Id, ct))
            return Error.Conflict($"\"{email.Trim()}\" is already a member of this project.");

        db.ProjectMembers.Add(new ProjectMember(projectId, user.Id, role, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        LogMemberAdded(user.Id, projectId, role, caller.PrincipalId);
        return await Members(db, projectId, user.Id).FirstAsync(ct);
    }

    public async Task<Result<MemberView>> ChangeRoleAsync(Caller caller, long projectId, string userId,
        ProjectRole role, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var loaded = await LoadAsync(db, caller, projectId, userId, ct);
        if (!loaded.IsSuccess)
            return loaded.Error!;

        var (member, callerRole) = loaded.Ok;
        if ((role == ProjectRole.OWNER || member.Role == ProjectRole.OWNER) && callerRole != ProjectRole.OWNER)
            return Error.Forbidden(OwnersOnly);
        if (member.Role == ProjectRole.OWNER && role != ProjectRole.OWNER && await IsLastOwnerAsync(db, projectId, ct))
            return Error.Conflict(LastOwner);

        member.ChangeRole(role);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        LogRoleChanged(userId, projectId, role, caller.PrincipalId);
        return await Members(db, projectId, userId).FirstAsync(ct);
    }

    public async Task<Result> RemoveAsync(Caller caller, long projectId, string userId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var loaded = await LoadAsync(db, caller, projectId, userId, ct);
        if (!loaded.IsSuccess)
            return loaded.Error!;

        var (member, callerRole) = loaded.Ok;
        if (member.Role == ProjectRole.OWNER && callerRole != ProjectRole.OWNER)
            return Error.Forbidden(OwnersOnly);
        if (member.Role == ProjectRole.OWNER && await IsLastOwnerAsync(db, projectId, ct))
            return Error.Conflict(LastOwner);

        db.ProjectMembers.Remove(member);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        LogMemberRemoved(userId, projectId, caller.PrincipalId);
        return Result.Success();
    }

    private static Task<Result<ProjectRole>> CheckAsync(AppDbContext db, Caller caller, long projectId,
        CancellationToken ct) =>
        ProjectAccess.CheckAsync(db, caller, projectId, Permission.ManageMembers,
            $"Project {projectId} was not found.", ct);

    private static async Task<Result<(ProjectMember Member, ProjectRole CallerRole)>> LoadAsync(AppDbContext db,
        Caller caller, long projectId, string userId, CancellationToken ct)
    {
        var access = await CheckAsync(db, caller, projectId, ct);
        if (!access.IsSuccess)
            return access.Error!;

        var member = await db.ProjectMembers
            .FirstOrDefaultAsync(m => m.ProjectId == projectId && m.UserId == userId, ct);
        if (member is null)
            return Error.NotFound("That person is not a member of this project.");

        return (member, access.Ok);
    }

    private static async Task<bool> IsLastOwnerAsync(AppDbContext db, long projectId, CancellationToken ct) =>
        await db.ProjectMembers.CountAsync(m => m.ProjectId == projectId && m.Role == ProjectRole.OWNER, ct) <= 1;

    private static IQueryable<MemberView> Members(AppDbContext db, long projectId, string? userId = null) =>
        db.ProjectMembers.AsNoTracking()
            .Where(m => m.ProjectId == projectId && (userId == null || m.UserId == userId))
            .Join(db.Users, m => m.UserId, u => u.Id,
                (m, u) => new MemberView(m.UserId, u.Email ?? u.UserName ?? "", u.DisplayName, m.Role, m.AddedAt));

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "User {UserId} added to project {ProjectId} as {Role} by {Principal}")]
    private partial void LogMemberAdded(string userId, long projectId, ProjectRole role, string principal);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information,
        Message = "User {UserId} is now {Role} in project {ProjectId}, by {Principal}")]
    private partial void LogRoleChanged(string userId, long projectId, ProjectRole role, string principal);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information,
        Message = "User {UserId} removed from project {ProjectId} by {Principal}")]
    private partial void LogMemberRemoved(string userId, long projectId, string principal);
}
