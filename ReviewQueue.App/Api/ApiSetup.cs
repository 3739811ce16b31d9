using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReviewQueue.Core.Projects;

namespace ReviewQueue.App.Api;

/// <summary>
/// Registers and maps the HTTP API: the API key scheme beside the sign-in cookie, JSON and
/// problem conventions, the OpenAPI document, the REST endpoints, the tRPC wire endpoint and the
/// API reference page.
/// </summary>
public static partial class ApiSetup
{
    /// <summary>The policy of every API call: a signed-in user (cookie) or a project API key.</summary>
    public const string Policy = "ReviewQueueApi";

    public const string DocumentName = "v1";

    public static IServiceCollection AddReviewQueueApi(this IServiceCollection services)
    {
        services.TryAddSingleton<ApiKeyAuthenticator>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName,
                null);
        services.AddAuthorization();

        // The policy names the cookie scheme only when one is registered (sign-in lives elsewhere).
        services.AddOptions<AuthorizationOptions>()
            .Configure<IOptions<AuthenticationOptions>>((authorization, authentication) =>
                authorization.AddPolicy(Policy, policy =>
                {
                    policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName);
                    if (authentication.Value.SchemeMap.ContainsKey(IdentityConstants.ApplicationScheme))
                        policy.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme);
                    policy.RequireAuthenticatedUser();
                }));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler,
            ApiAuthorizationResultHandler>();

        // Machines get 401 and 403 from the cookie too, never a redirect to the sign-in page.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, cookie =>
        {
            var toLogin = cookie.Events.OnRedirectToLogin;
            var toDenied = cookie.Events.OnRedirectToAccessDenied;
            cookie.Events.OnRedirectToLogin =
                context => RefuseMachines(context, StatusCodes.Status401Unauthorized, toLogin);
            cookie.Events.OnRedirectToAccessDenied =
                context => RefuseMachines(context, StatusCodes.Status403Forbidden, toDenied);
        });

        services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        services.AddProblemDetails();
        services.AddOpenApi(DocumentName, options => options
            .AddDocumentTransformer((document, _, _) => ApiOpenApi.DescribeDocument(document))
            .AddOperationTransformer((operation, _, _) => ApiOpenApi.DescribeIds(operation)));
        return services;
    }

    public static IEndpointRouteBuilder MapReviewQueueApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapGet("/api/docs", ApiDocsPage.Render).AllowAnonymous().ExcludeFromDescription();

        var api = app.MapGroup("/api")
            .RequireAuthorization(Policy)
            .AddEndpointFilter(RefuseBadRequests)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        api.MapTraceEndpoints();
        api.MapQueueEndpoints();
        api.MapItemEndpoints();
        api.MapDatasetEndpoints();
        api.MapTrpcEndpoints();

        // Anything else under /api is a clear 404 rather than an empty one or a page.
        app.Map("/api/{**rest}", (HttpContext context) => ApiErrors.Problem(StatusCodes.Status404NotFound,
                $"There is no API call {context.Request.Method} {context.Request.Path}; see /api/docs."))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static async ValueTask<object?> RefuseBadRequests(EndpointFilterInvocationContext context,
        EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusals while reading (a body over its limit, a broken chunked encoding).
            return ApiErrors.Problem(e.StatusCode, $"The request could not be read: {e.Message}");
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.HttpContext.Response.HasStarted)
        {
            // A bug, not bad input: logged with its stack, answered as a problem rather than the HTML error page.
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>()
                .CreateLogger(typeof(ApiSetup));
            LogUnexpected(logger, e, context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return ApiErrors.Problem(StatusCodes.Status500InternalServerError,
                "The server failed to handle the request; the error has been logged.");
        }
    }

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "API call {Method} {Path} failed")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, PathString path);

    private static Task RefuseMachines<TOptions>(RedirectContext<TOptions> context, int status,
        Func<RedirectContext<TOptions>, Task> redirect)
        where TOptions : AuthenticationSchemeOptions
    {
        if (!ApiPaths.IsMachine(context.Request.Path))
            return redirect(context);

        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
