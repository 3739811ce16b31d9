using System.Net;
using System.Net.Http.Headers;
using ReviewQueue.Tests.Web;

namespace ReviewQueue.Tests.Api;

/// <summary>The API with the real sign-in cookie and the demo data: the same calls a browser session can
/// make.</summary>
public sealed class CookieApiTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private readonly AppFactory _factory = factory;

    [Fact]
    public async Task ASignedInMemberReadsTheDemoQueue()
    {
        var member = await SignIn.AsAsync(_factory, "member@demo.local");

        var queues = await (await member.GetAsync("/api/review/queues?project=demo")).ReadJsonAsync();
        var defaulted = await member.GetAsync("/api/review/queues");

        var audit = queues.EnumerateArray().Single(q => q.GetProperty("name").GetString() == "Weekly quality audit");
        audit.GetProperty("total").GetInt32().Should().Be(25);
        defaulted.StatusCode.Should().Be(HttpStatusCode.OK, "member@demo.local belongs to one project only");
    }

    [Fact]
    public async Task AnOwnerOfTwoProjectsNamesOne()
    {
        var owner = await SignIn.AsAsync(_factory, "owner@demo.local");

        var unnamed = await owner.GetAsync("/api/review/queues");
        var sandbox = await owner.GetAsync("/api/review/queues?project=sandbox");

        (await unnamed.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors().Should().ContainKey("project");
        sandbox.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ASignedInViewerMayReadTracesButNotQueues()
    {
        var viewer = await SignIn.AsAsync(_factory, "viewer@demo.local");

        var traces = await (await viewer.GetAsync("/api/traces?project=demo&pageSize=5")).ReadJsonAsync();
        var queues = await viewer.GetAsync("/api/review/queues?project=demo");

        traces.GetProperty("traces").GetArrayLength().Should().Be(5);
        await queues.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task WithoutTheCookieTheApiSays401AndPagesStillRedirect()
    {
        var anonymous = SignIn.NewClient(_factory);

        var api = await anonymous.GetAsync("/api/review/queues?project=demo");
        var page = await anonymous.GetAsync("/projects/demo/traces");

        await api.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        api.Headers.Location.Should().BeNull();
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task TheDemoKeyActsInTheDemoProject()
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.DemoApiKey);

        var queues = await (await client.GetAsync("/api/review/queues")).ReadJsonAsync();
        var sandbox = await client.GetAsync("/api/review/queues?project=sandbox");

        queues.EnumerateArray().Should().Contain(q => q.GetProperty("name").GetString() == "Weekly quality audit");
        await sandbox.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
