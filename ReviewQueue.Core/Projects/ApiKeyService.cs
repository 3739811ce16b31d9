using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Persistence;

namespace ReviewQueue.Core.Projects;

/// <summary>An API key as the Settings page lists it; the secret is never part of it.</summary>
public sealed record ApiKeyView(long Id, string Name, ProjectRole Role, string Hint, DateTime CreatedAt,
    DateTime? RevokedAt);

/// <summary>A key just made, with its secret: the only time the secret is available.</summary>
public sealed record CreatedApiKey(ApiKeyView Key, string Secret);

/// <summary>Project API keys: ADMIN+ list, create and revoke them; only an OWNER makes an OWNER key.</summary>
public sealed partial class ApiKeyService(
    IDbContextFactory<AppDbContext> dbs,
    TimeProvider clock,
    ILogger<ApiKeyService> logger)
{
    public async Task<Result<IReadOnlyList<ApiKeyView>>> ListAsync(Caller caller, long projectId,
        CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var access = await CheckAsync(db, caller, projectId, ct);
        if (!access.IsSuccess)
            return access.Error!;

        var keys = await db.ApiKeys.AsNoTracking()
            .Where(k => k.ProjectId == projectId)
            .OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)
            .ToListAsync(ct);
        return keys.Select(ToView).ToList();
    }

    public async Task<Result<CreatedApiKey>> CreateAsync(Caller caller, long projectId, string? name, ProjectRole role,
        CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > Limits.NameLength)
            return Error.InvalidField("name", $"A key's name is 1 to {Limits.NameLength} characters.");

        await using var db = await dbs.CreateDbContextAsync(ct);
        var access = await CheckAsync(db, caller, projectId, ct);
        if (!access.IsSuccess)
            return access.Error!;
        if (role > access.Ok)
            return Error.Forbidden($"Your role {access.Ok} may not create a key with the role {role}.");

        var secret = ApiKey.NewSecret();
        var key = new ApiKey(projectId, name.Trim(), role, secret, caller.PrincipalId, clock.GetUtcNow().UtcDateTime);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);

        LogKeyCreated(key.Id, projectId, role, caller.PrincipalId);
        return new CreatedApiKey(ToView(key), secret);
    }

    public async Task<Result<ApiKeyView>> RevokeAsync(Caller caller, long projectId, long keyId,
        CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var access = await CheckAsync(db, caller, projectId, ct);
        if (!access.IsSuccess)
            return access.Error!;

        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.ProjectId == projectId, ct);
        if (key is null)
            return Error.NotFound($"API key {keyId} was not found.");
        if (key.Role > access.Ok)
            return Error.Forbidden($"Your role {access.Ok} may not revoke a key with the role {key.Role}.");

        key.Revoke(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);

        LogKeyRevoked(key.Id, projectId, caller.PrincipalId);
        return ToView(key);
    }

    private static ApiKeyView ToView(ApiKey key) =>
        new(key.Id, key.Name, key.Role, key.Hint, key.CreatedAt, key.RevokedAt);

    private static Task<Result<ProjectRole>> CheckAsync(AppDbContext db, Caller caller, long projectId,
        CancellationToken ct) =>
        ProjectAccess.CheckAsync(db, caller, projectId, Permission.ManageMembers,
            $"Project {projectId} was not found.", ct);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "API key {KeyId} created in project {ProjectId} with role {Role} by {Principal}")]
    private partial void LogKeyCreated(long keyId, long projectId, ProjectRole role, string principal);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information,
        Message = "API key {KeyId} in project {ProjectId} revoked by {Principal}")]
    private partial void LogKeyRevoked(long keyId, long projectId, string principal);
}
