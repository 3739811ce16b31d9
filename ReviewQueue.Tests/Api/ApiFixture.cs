using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Traces;
using ReviewQueue.Tests.Web;

namespace ReviewQueue.Tests.Api;

/// <summary>
/// The real app with its own two projects, independent of the demo seed: "api-main" with a user
/// and an API key of every role and 40 traces, and "api-other" with one member and 3 traces.
/// Signed-in users are stood in for by <see cref="TestUserHandler"/> under the cookie's scheme
/// name, so that the API's cookie path is exercised without the sign-in form.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string MainSlug = "api-main";
    public const string OtherSlug = "api-other";
    public const int MainTraces = 40;

    public const string OwnerKey = "rq_test_owner_key_000000000000001";
    public const string AdminKey = "rq_test_admin_key_000000000000001";
    public const string MemberKey = "rq_test_member_key_00000000000001";
    public const string Member2Key = "rq_test_member_key_00000000000002";
    public const string ViewerKey = "rq_test_viewer_key_00000000000001";
    public const string OtherKey = "rq_test_other_key_000000000000001";
    public const string RevokedKey = "rq_test_revoked_key_0000000000001";

    /// <summary>A user who is MEMBER of api-main and OWNER of api-other.</summary>
    public const string TwoProjectUser = "api-user-both";

    /// <summary>A user who is MEMBER of api-main only.</summary>
    public const string MainUser = "api-user-main";

    public ApiAppFactory Factory { get; } = new();

    public long MainProjectId { get; private set; }

    public long OtherProjectId { get; private set; }

    public static string TraceId(int n) => $"api-trace-{n:D3}";

    public static string OtherTraceId(int n) => $"other-trace-{n:D3}";

    public async Task InitializeAsync()
    {
        _ = Factory.Server;
        await using var db = NewDb();
        var now = DateTime.UtcNow;
        var main = new Project(MainSlug, "API main", now);
        var other = new Project(OtherSlug, "API other", now);
        db.Projects.AddRange(main, other);
        await db.SaveChangesAsync();
        MainProjectId = main.Id;
        OtherProjectId = other.Id;

        db.Users.AddRange(
            new AppUser { Id = TwoProjectUser, UserName = TwoProjectUser, DisplayName = "Bo Both" },
            new AppUser { Id = MainUser, UserName = MainUser, DisplayName = "Mo Main" });
        db.ProjectMembers.AddRange(
            new ProjectMember(main.Id, TwoProjectUser, ProjectRole.MEMBER, now),
            new ProjectMember(other.Id, TwoProjectUser, ProjectRole.OWNER, now),
            new ProjectMember(main.Id, MainUser, ProjectRole.MEMBER, now));

        db.ApiKeys.AddRange(
            new ApiKey(main.Id, "owner", ProjectRole.OWNER, OwnerKey, "test", now),
            new ApiKey(main.Id, "admin", ProjectRole.ADMIN, AdminKey, "test", now),
            new ApiKey(main.Id, "member", ProjectRole.MEMBER, MemberKey, "test", now),
            new ApiKey(main.Id, "member 2", ProjectRole.MEMBER, Member2Key, "test", now),
            new ApiKey(main.Id, "viewer", ProjectRole.VIEWER, ViewerKey, "test", now),
            new ApiKey(other.Id, "other", ProjectRole.OWNER, OtherKey, "test", now));
        var revoked = new ApiKey(main.Id, "revoked", ProjectRole.OWNER, RevokedKey, "test", now);
        revoked.Revoke(now);
        db.ApiKeys.Add(revoked);

        for (var n = 1; n <= MainTraces; n++)
            db.Traces.Add(Trace(main.Id, TraceId(n), $"Support chat {n}", now.AddMinutes(-n)));
        for (var n = 1; n <= 3; n++)
            db.Traces.Add(Trace(other.Id, OtherTraceId(n), $"Other chat {n}", now.AddMinutes(-n)));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    public AppDbContext NewDb() =>
        Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>A client that sends an API key, or nothing when <paramref name="key"/> is null.</summary>
    public HttpClient Client(string? key)
    {
        var client = Factory.CreateClient(new() { AllowAutoRedirect = false });
        if (key is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A client signed in as a user (through the cookie scheme's stand-in).</summary>
    public HttpClient UserClient(string userId)
    {
        var client = Factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestUserHandler.Header, userId);
        return client;
    }

    private static Trace Trace(long projectId, string id, string name, DateTime at)
    {
        var input = new TraceInput(null, name, at, null, null, null, ["support"], null, null, 120, 10, 20, null, 0.002,
            TraceStatus.OK, null);
        var trace = TraceService.Build(projectId, id, input, at);
        trace.Input = $$"""[{"role":"user","content":"Question about {{name}}"}]""";
        trace.Output = """{"role":"assistant","content":"An answer"}""";
        return trace;
    }
}

/// <summary>The app factory with the cookie scheme's handler replaced by <see cref="TestUserHandler"/>.</summary>
public sealed class ApiAppFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Configure<AuthenticationOptions>(options =>
        {
            if (options.SchemeMap.TryGetValue(IdentityConstants.ApplicationScheme, out var scheme))
                scheme.HandlerType = typeof(TestUserHandler);
            else
                options.AddScheme<TestUserHandler>(IdentityConstants.ApplicationScheme, null);
        }));
    }
}

/// <summary>Signs in the user named by the <see cref="Header"/> header, as the sign-in cookie would.</summary>
public sealed class TestUserHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Header = "X-Test-User";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var user) || string.IsNullOrEmpty(user))
            return Task.FromResult(AuthenticateResult.NoResult());

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.ToString()), new Claim(ClaimTypes.Name, user.ToString())],
            Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity),
            Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // What the real cookie does for a page: send the browser to the sign-in form.
        Response.Redirect("/account/login");
        return Task.CompletedTask;
    }
}
