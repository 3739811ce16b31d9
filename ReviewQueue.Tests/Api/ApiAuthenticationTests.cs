using System.Net;
using static ReviewQueue.Tests.Api.ApiFixture;

namespace ReviewQueue.Tests.Api;

/// <summary>Who may call the API: API keys, signed-in users, and nobody else; and in which project.</summary>
public sealed class ApiAuthenticationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("GET", "/api/review/queues")]
    [InlineData("POST", "/api/traces")]
    [InlineData("GET", "/api/traces/x")]
    [InlineData("POST", "/api/review/queues/1/next")]
    [InlineData("GET", "/api/datasets/1/items")]
    public async Task WithoutSignInTheApiAnswers401NotARedirect(string method, string url)
    {
        var response = await fixture.Client(null).SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method == "POST" ? ApiTestKit.Json("{}") : null,
        });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        response.Headers.Location.Should().BeNull();
        response.Headers.WwwAuthenticate.ToString().Should().Contain("Bearer");
        problem.GetProperty("detail").GetString().Should().Contain("Authorization: Bearer");
    }

    [Theory]
    [InlineData(RevokedKey)]
    [InlineData("rq_not_a_key_at_all")]
    [InlineData("")]
    public async Task ARevokedOrUnknownKeyIsRefused(string key)
    {
        var client = fixture.Client(null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {key}");

        var response = await client.GetAsync("/api/review/queues");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ARevokedKeyIsToldSo()
    {
        var problem = await (await fixture.Client(RevokedKey).GetAsync("/api/review/queues"))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.GetProperty("detail").GetString().Should().Contain("revoked");
    }

    [Fact]
    public async Task AKeyActsInItsOwnProjectOnly()
    {
        var own = await fixture.Client(MemberKey).GetAsync($"/api/review/queues?project={MainSlug}");
        var foreign = await fixture.Client(MemberKey).GetAsync($"/api/review/queues?project={OtherSlug}");
        var unknown = await fixture.Client(MemberKey).GetAsync("/api/review/queues?project=no-such-project");

        own.StatusCode.Should().Be(HttpStatusCode.OK);
        await foreign.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ASignedInUserWithOneProjectNeedsNoProjectParameter()
    {
        var client = fixture.UserClient(MainUser);

        var created = await client.PostJsonAsync("/api/review/queues", new { name = $"By cookie {Guid.NewGuid():N}" });
        var listed = await client.GetAsync("/api/review/queues");
        var foreign = await client.GetAsync($"/api/review/queues?project={OtherSlug}");

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        (await created.ReadJsonAsync()).GetProperty("projectId").GetInt64().Should().Be(fixture.MainProjectId);
        listed.StatusCode.Should().Be(HttpStatusCode.OK);
        await foreign.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ASignedInUserOfTwoProjectsNamesTheProject()
    {
        var client = fixture.UserClient(TwoProjectUser);

        var unnamed = await client.GetAsync("/api/review/queues");
        var main = await client.GetAsync($"/api/review/queues?project={MainSlug}");
        var ingest = await client.PostJsonAsync($"/api/traces?project={OtherSlug}",
            new { traces = new[] { new { id = $"cookie-{Guid.NewGuid():N}" } } });
        var trace = await client.GetAsync($"/api/traces/{OtherTraceId(1)}?project={OtherSlug}");

        var problem = await unnamed.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors().Should().ContainKey("project");
        problem.GetProperty("detail").GetString().Should().Contain(MainSlug).And.Contain(OtherSlug);
        main.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ingest.ReadJsonAsync()).GetProperty("created").GetInt32().Should().Be(1);
        trace.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnUnknownUserSeesNoProject()
    {
        var response = await fixture.UserClient("nobody").GetAsync("/api/review/queues");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheReferenceAndTheDocumentNeedNoSignIn()
    {
        var client = fixture.Client(null);

        var page = await client.GetAsync("/api/docs");
        var document = await client.GetAsync("/openapi/v1.json");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await page.Content.ReadAsStringAsync()).Should().Contain("/openapi/v1.json");
        document.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
