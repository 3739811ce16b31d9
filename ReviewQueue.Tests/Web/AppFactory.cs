using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ReviewQueue.Tests.Web;

/// <summary>
/// The real app on a fresh SQLite file in a temporary folder. <see cref="StartKestrel"/> puts it
/// on real Kestrel with a free port, for the browser tests and real hub clients.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Review-demo-1";
    public const string DemoApiKey = "rq_demo_key_for_tests_0123456789";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rq-app-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings = [];

    public AppFactory()
    {
        Directory.CreateDirectory(_folder);
        _settings["ConnectionStrings:ReviewQueue"] = $"Data Source={Path.Combine(_folder, "app.db")}";
        _settings["Demo:Seed"] = "true";
        _settings["Demo:Password"] = DemoPassword;
        _settings["Demo:ApiKey"] = DemoApiKey;
    }

    /// <summary>The address of the Kestrel server once <see cref="StartKestrel"/> has run.</summary>
    public Uri? ServerAddress { get; private set; }

    /// <summary>Overrides a configuration value; call before the first client or server is made.</summary>
    public AppFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Starts the app on Kestrel at a free loopback port and returns its address.</summary>
    public Uri StartKestrel()
    {
        if (ServerAddress is not null)
            return ServerAddress;

        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!;
        ServerAddress = new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return ServerAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // Outside Development the app finds package assets (MudBlazor, blazor.web.js) only through this manifest.
        builder.UseStaticWebAssets();
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || !Directory.Exists(_folder))
            return;

        // WebApplicationFactory disposes through both Dispose and DisposeAsync; the folder goes once.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
