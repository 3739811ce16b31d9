using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ReviewQueue.App.Api;

/// <summary>
/// Answers a refused request on the API and the hubs with a status code and a problem (or, for
/// tRPC, tRPC's error shape) instead of the sign-in redirect that pages get. Everything else is
/// left to the default handler.
/// </summary>
public sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    public const string SignInMessage =
        "Sign in, or send a project API key in the header \"Authorization: Bearer <key>\".";

    public const string RefusedKeyMessage = "The API key is not valid or has been revoked.";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy,
        PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || !ApiPaths.IsMachine(context.Request.Path))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var challenged = authorizeResult.Challenged;
        var detail = !challenged
            ? "Your sign-in does not allow this."
            : context.Items.ContainsKey(ApiKeyAuthenticationHandler.RefusedItem) ? RefusedKeyMessage : SignInMessage;
        if (challenged)
            context.Response.Headers.WWWAuthenticate = "Bearer";

        if (ApiPaths.IsTrpc(context.Request.Path))
        {
            var code = challenged ? TrpcCode.Unauthorized : TrpcCode.Forbidden;
            await TrpcEndpoints.WriteErrorAsync(context, code, detail);
            return;
        }

        var status = challenged ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
        await ApiErrors.Problem(status, detail).ExecuteAsync(context);
    }
}
