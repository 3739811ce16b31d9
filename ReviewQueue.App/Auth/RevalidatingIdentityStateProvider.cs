using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ReviewQueue.Core.Projects;

namespace ReviewQueue.App.Auth;

/// <summary>
/// Checks every half hour that the user of a long-lived circuit still exists and that their
/// security stamp has not changed (password reset, sign-out everywhere); otherwise the circuit
/// becomes anonymous and its pages send the user to sign in.
/// </summary>
public sealed class RevalidatingIdentityStateProvider(
    ILoggerFactory loggers,
    IServiceScopeFactory scopes,
    IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.GetUserAsync(authenticationState.User);
        if (user is null)
            return false;
        if (!users.SupportsUserSecurityStamp)
            return true;

        var stamp = authenticationState.User.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
