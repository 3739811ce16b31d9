using System.Net;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewQueue.App.Auth;
using ReviewQueue.App.Components.Shared;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Persistence;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Traces;

namespace ReviewQueue.Tests.Web;

public sealed class PageAccessTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/projects/demo/traces")]
    [InlineData("/projects/demo/traces/demo-0001")]
    [InlineData("/projects/demo/review")]
    [InlineData("/projects/demo/settings")]
    public async Task UnsignedRequestsRedirectToSignIn(string path)
    {
        var client = SignIn.NewClient(factory);

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.Should().Be("/account/login");
        Uri.UnescapeDataString(response.Headers.Location.Query).Should().Contain(path);
    }

    [Fact]
    public async Task SignInPageHasTheLabelsOfTheSpec()
    {
        var client = SignIn.NewClient(factory);

        var page = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));

        page.Should().Contain("<label for=\"email\">Email</label>")
            .And.Contain("<label for=\"password\">Password</label>")
            .And.MatchRegex(@"<button[^>]*type=""submit""[^>]*>[\s\S]*Sign in");
    }

    [Fact]
    public async Task WrongPasswordIsRefused()
    {
        var client = SignIn.NewClient(factory);

        var response = await SignIn.PostAsync(client, "member@demo.local", "not-the-password");

        response.Headers.Location!.OriginalString.Should().Contain("error=invalid");
        (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task SignInWithoutAntiforgeryTokenIsRefused()
    {
        var client = SignIn.NewClient(factory);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "member@demo.local",
            ["Password"] = AppFactory.DemoPassword,
        });

        var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), form);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task MemberSeesDemoPagesAndTheDashboard()
    {
        var client = await SignIn.AsAsync(factory, "member@demo.local");

        var traces = await client.GetAsync(new Uri("/projects/demo/traces", UriKind.Relative));
        var trace = await client.GetStringAsync(new Uri("/projects/demo/traces/demo-0001", UriKind.Relative));
        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        traces.StatusCode.Should().Be(HttpStatusCode.OK);
        trace.Should().Contain("data-testid=\"trace-view\"").And.Contain("Mina Member");
        home.Should().Contain("data-slug=\"demo\"").And.NotContain("data-slug=\"sandbox\"");
    }

    [Fact]
    public async Task AQueuePageNamesItsQueueInTheBreadcrumbs()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>()
            .CreateDbContextAsync();
        var queue = await db.Queues.Where(q => db.Projects.Any(p => p.Id == q.ProjectId && p.Slug == "demo"))
            .OrderBy(q => q.Id).FirstAsync();
        var client = await SignIn.AsAsync(factory, "member@demo.local");

        var page = await client.GetStringAsync(new Uri($"/projects/demo/review/{queue.Id}", UriKind.Relative));

        var crumbs = page[page.IndexOf("mud-breadcrumbs", StringComparison.Ordinal)..];
        crumbs = crumbs[..crumbs.IndexOf("</ul>", StringComparison.Ordinal)];
        crumbs.Should().Contain(System.Net.WebUtility.HtmlEncode(queue.Name)).And.NotContain($"Queue {queue.Id}");
    }

    [Fact]
    public async Task ATraceWhoseIdHoldsSlashesOpensAtItsLink()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>()
            .CreateDbContextAsync();
        var demo = await db.Projects.SingleAsync(p => p.Slug == "demo");
        var owner = Caller.ForApiKey(0, demo.Id, ProjectRole.OWNER, "test");
        var traceId = $"org/run {Guid.NewGuid():N}/7";
        (await factory.Services.GetRequiredService<TraceService>().IngestAsync(owner, demo.Id,
            [new TraceInput(traceId, "Slashed trace", null, null, null, null, null, null, null, null, null, null,
                null, null, null, null)])).IsSuccess.Should().BeTrue();
        var client = await SignIn.AsAsync(factory, "member@demo.local");

        var href = TraceLinks.Href("demo", traceId);
        var page = await client.GetStringAsync(new Uri(href, UriKind.Relative));

        href.Should().StartWith("/projects/demo/traces/org/run%20");
        page.Should().Contain("data-testid=\"trace-view\"").And.Contain("Slashed trace");
    }

    [Theory]
    [InlineData("/projects/sandbox/traces")]
    [InlineData("/projects/sandbox/traces/sandbox-0001")]
    [InlineData("/projects/sandbox/review")]
    [InlineData("/projects/sandbox/datasets")]
    [InlineData("/projects/sandbox/settings")]
    [InlineData("/projects/no-such-project/traces")]
    [InlineData("/projects/demo/traces/no-such-trace")]
    public async Task MemberOfDemoGetsNotFoundForSandbox(string path)
    {
        var client = await SignIn.AsAsync(factory, "member@demo.local");

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("Sandbox triage");
    }

    [Fact]
    public async Task ViewerIsRefusedTheReviewPageButSeesTraces()
    {
        var client = await SignIn.AsAsync(factory, "viewer@demo.local");

        var review = await client.GetAsync(new Uri("/projects/demo/review", UriKind.Relative));
        var traces = await client.GetAsync(new Uri("/projects/demo/traces", UriKind.Relative));

        review.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        traces.StatusCode.Should().Be(HttpStatusCode.OK);
        (await traces.Content.ReadAsStringAsync()).Should().NotContain("Add to Review Queue");
    }

    [Theory]
    [InlineData("member@demo.local", HttpStatusCode.Forbidden)]
    [InlineData("admin@demo.local", HttpStatusCode.OK)]
    [InlineData("owner@demo.local", HttpStatusCode.OK)]
    public async Task SettingsNeedAdmin(string email, HttpStatusCode expected)
    {
        var client = await SignIn.AsAsync(factory, email);

        var response = await client.GetAsync(new Uri("/projects/demo/settings", UriKind.Relative));

        response.StatusCode.Should().Be(expected);
    }

    [Fact]
    public void CircuitsRevalidateTheSignedInUser()
    {
        using var scope = factory.Services.CreateScope();

        var provider = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();

        provider.Should().BeOfType<RevalidatingIdentityStateProvider>();
    }

    [Fact]
    public async Task SignOutEndsTheSession()
    {
        var client = await SignIn.AsAsync(factory, "admin@demo.local");
        var page = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex
            .Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        });

        var response = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), form);

        response.Headers.Location!.OriginalString.Should().Be("/account/login");
        (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }
}
