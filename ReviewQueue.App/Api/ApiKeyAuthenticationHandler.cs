using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ReviewQueue.App.Auth;
using ReviewQueue.Core.Projects;

namespace ReviewQueue.App.Api;

/// <summary>
/// Signs in a project API key sent as <c>Authorization: Bearer &lt;key&gt;</c>, or, for the hubs
/// (WebSockets cannot send headers from a browser), as the <c>access_token</c> query parameter.
/// A request without a key is left to the other schemes; a wrong or revoked key is refused.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyAuthenticator keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Set in <see cref="HttpContext.Items"/> when a key was sent but refused.</summary>
    public const string RefusedItem = "rq:api_key_refused";

    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = FindSecret(Request);
        if (secret is null)
            return AuthenticateResult.NoResult();

        var key = await keys.FindActiveAsync(secret, Context.RequestAborted);
        if (key is null)
        {
            Context.Items[RefusedItem] = true;
            LogKeyRefused(Logger, Request.Path);
            return AuthenticateResult.Fail("The API key is not valid or has been revoked.");
        }

        var identity = new ClaimsIdentity(CallerClaims.ForApiKey(key), SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    private static string? FindSecret(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return header[BearerPrefix.Length..].Trim();

        if (ApiPaths.IsHub(request.Path) && request.Query.TryGetValue("access_token", out var token))
            return token.ToString();

        return null;
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information,
        Message = "Refused an API key that is unknown or revoked, on {Path}")]
    private static partial void LogKeyRefused(ILogger logger, PathString path);
}
