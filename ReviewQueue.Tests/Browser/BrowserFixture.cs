using Microsoft.Playwright;
using ReviewQueue.Tests.Web;

namespace ReviewQueue.Tests.Browser;

/// <summary>The app on Kestrel with demo data, and one headless Chromium for the tests of a class.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public AppFactory App { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Other builds share the machine's two cores: give the circuit and renders time, not sleeps.
        Assertions.SetDefaultExpectTimeout(15_000);
        BaseAddress = App.StartKestrel();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>A fresh browser context, signed in through the form, on the page at <paramref name="path"/>.</summary>
    public async Task<IPage> SignedInPageAsync(string email, string path)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString() });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(AppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // The circuit, not the load event, says when the page can be used.
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path,
            new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("[data-testid=app-shell]"))
            .ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 60_000 });
        return page;
    }
}
