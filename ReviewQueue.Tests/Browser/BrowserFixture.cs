using Microsoft.Playwright;
using ReviewQueue.Tests.Web;

namespace ReviewQueue.Tests.Browser;

/// <summary>The app on Kestrel with demo data, and one headless Chromium for the tests of a class.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
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
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>A fresh browser context, signed in through the form, on the page at <paramref name="path"/>.</summary>
    public Task<IPage> SignedInPageAsync(string email, string path) =>
        Chromium.SignedInPageAsync(Browser, BaseAddress, email, path);
}
