using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ReviewQueue.Tests.Web;

/// <summary>Signing in through the real form, as a browser does: antiforgery token, post, cookie.</summary>
public static partial class SignIn
{
    public static HttpClient NewClient(AppFactory factory) =>
        factory.CreateClient(
            new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HttpClient> AsAsync(AppFactory factory, string email,
        string password = AppFactory.DemoPassword)
    {
        var client = NewClient(factory);
        var response = await PostAsync(client, email, password);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().NotContain("error=");
        return client;
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password,
        string returnUrl = "/")
    {
        var page = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var token = TokenPattern().Match(page).Groups[1].Value;
        token.Should().NotBeEmpty("the sign-in form carries an antiforgery token");

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        });
        return await client.PostAsync(new Uri("/account/login", UriKind.Relative), form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
