using System.Security.Claims;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Projects;

namespace ReviewQueue.App.Auth;

/// <summary>
/// Turns the signed-in principal (a cookie user or an API key) into the <see cref="Caller"/>
/// that Core checks. Every front end (pages, API, hub) goes through here.
/// </summary>
public static class CallerClaims
{
    public const string ApiKeyId = "rq:api_key_id";
    public const string ApiKeyProjectId = "rq:api_key_project";
    public const string ApiKeyRole = "rq:api_key_role";
    public const string DisplayName = "rq:display_name";

    /// <summary>The caller, or null when nobody is signed in.</summary>
    public static Caller? ToCaller(this ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
            return null;

        var name = principal.FindFirstValue(DisplayName) ?? principal.Identity.Name ?? "unknown";
        if (principal.FindFirstValue(ApiKeyId) is { } keyId
            && long.TryParse(keyId, out var id)
            && long.TryParse(principal.FindFirstValue(ApiKeyProjectId), out var projectId)
            && Enum.TryParse<ProjectRole>(principal.FindFirstValue(ApiKeyRole), out var role))
        {
            return Caller.ForApiKey(id, projectId, role, name);
        }

        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return userId is null ? null : Caller.ForUser(userId, name);
    }

    /// <summary>The claims an API key signs in with.</summary>
    public static IEnumerable<Claim> ForApiKey(ApiKey key) =>
    [
        new(ApiKeyId, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(ApiKeyProjectId, key.ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(ApiKeyRole, key.Role.ToString()),
        new(DisplayName, key.Name),
        new(ClaimTypes.Name, $"API key {key.Name}"),
    ];
}
