using Microsoft.Playwright;
using ReviewQueue.Tests.Web;

namespace ReviewQueue.Tests.Browser;

/// <summary>Debian's Chromium under Playwright, and signing in through the form, for every browser test.</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Headless, with the background services off: this machine has no network beyond loopback.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });

    /// <summary>
    /// A fresh browser context on <paramref name="baseAddress"/>, signed in through the form, on the
    /// page at <paramref name="path"/> once its circuit is interactive.
    /// </summary>
    public static async Task<IPage> SignedInPageAsync(IBrowser browser, Uri baseAddress, string email, string path)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });

        // A machine shared with other builds can be slow; the waits are generous, never sleeps.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(AppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // The circuit, not the load event, says when the page can be used.
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path || new Uri(url).AbsolutePath == path,
            new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("[data-testid=app-shell]"))
            .ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 60_000 });
        return page;
    }
}
