using ReviewQueue.Core.Projects;

namespace ReviewQueue.Core.Common;

/// <summary>
/// Who is calling Core: a signed-in user, or a project API key acting with the role it was given.
/// Every service takes one and checks it against the project it touches.
/// </summary>
public sealed record Caller
{
    private Caller(string principalId, string displayName, string? userId, ApiKeyGrant? apiKey)
    {
        PrincipalId = principalId;
        DisplayName = displayName;
        UserId = userId;
        ApiKey = apiKey;
    }

    /// <summary>Stable id stored as holder, reviewer and author: the user id, or "key:{id}".</summary>
    public string PrincipalId { get; }

    public string DisplayName { get; }

    public string? UserId { get; }

    public ApiKeyGrant? ApiKey { get; }

    public static Caller ForUser(string userId, string displayName) =>
        new(userId, displayName, userId, null);

    public static Caller ForApiKey(long keyId, long projectId, ProjectRole role, string name) =>
        new($"key:{keyId}", $"API key {name}", null, new ApiKeyGrant(keyId, projectId, role));
}

/// <summary>What an API key may do: one project, one role.</summary>
public sealed record ApiKeyGrant(long KeyId, long ProjectId, ProjectRole Role);
