using System.Net;
using ReviewQueue.Tests.Web;

namespace ReviewQueue.Tests.Api;

/// <summary>The review hub takes an API key as <c>access_token</c> and answers 401, not a redirect, without
/// one.</summary>
public sealed class HubAuthenticationTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string Negotiate = "/hubs/review/negotiate?negotiateVersion=1";

    [Fact]
    public async Task AnApiKeyAsAccessTokenMayConnect()
    {
        var response = await Client().PostAsync($"{Negotiate}&access_token={AppFactory.DemoApiKey}", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.ReadJsonAsync()).GetProperty("connectionToken").GetString().Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("&access_token=rq_not_a_key")]
    public async Task WithoutAValidKeyOrCookieTheHubSays401(string token)
    {
        var response = await Client().PostAsync(Negotiate + token, null);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.Location.Should().BeNull();
    }

    [Fact]
    public async Task TheAccessTokenIsOnlyReadOnTheHubs()
    {
        var response = await Client().GetAsync($"/api/review/queues?access_token={AppFactory.DemoApiKey}");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private HttpClient Client() => factory.CreateClient(new() { AllowAutoRedirect = false });
}
