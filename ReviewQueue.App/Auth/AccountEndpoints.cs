using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ReviewQueue.Core.Projects;

namespace ReviewQueue.App.Auth;

/// <summary>The sign-in form's fields as the browser posts them.</summary>
public sealed class SignInForm
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}

/// <summary>
/// Sign-in and sign-out as plain form posts: the cookie is set on an ordinary HTTP response,
/// which an interactive circuit cannot do. Both check the antiforgery token.
/// </summary>
public static partial class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(IdentitySetup.SignInPath, SignInAsync).AllowAnonymous();
        endpoints.MapPost(IdentitySetup.SignOutPath, SignOutAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> SignInAsync([FromForm] SignInForm form, SignInManager<AppUser> signIn,
        ILoggerFactory loggers)
    {
        var returnUrl = SafeReturnUrl(form.ReturnUrl);
        if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrEmpty(form.Password))
            return Back("missing", returnUrl, form.Email);

        var user = await signIn.UserManager.FindByEmailAsync(form.Email.Trim());
        if (user is null)
            return Back("invalid", returnUrl, form.Email);

        var result = await signIn.PasswordSignInAsync(user, form.Password, isPersistent: true, lockoutOnFailure: true);
        var log = loggers.CreateLogger(typeof(AccountEndpoints));
        if (result.IsLockedOut)
        {
            LogLockedOut(log, user.Id);
            return Back("locked", returnUrl, form.Email);
        }

        if (!result.Succeeded)
            return Back("invalid", returnUrl, form.Email);

        return Results.LocalRedirect(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(SignInManager<AppUser> signIn)
    {
        await signIn.SignOutAsync();
        return Results.LocalRedirect(IdentitySetup.SignInPath);
    }

    private static IResult Back(string error, string returnUrl, string? email) =>
        Results.LocalRedirect($"{IdentitySetup.SignInPath}?error={error}"
            + $"&returnUrl={Uri.EscapeDataString(returnUrl)}&email={Uri.EscapeDataString(email?.Trim() ?? "")}");

    /// <summary>Only a path on this site; anything else (another host, "//host") goes home.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "User {UserId} is locked out after failed sign-ins")]
    private static partial void LogLockedOut(ILogger logger, string userId);
}
