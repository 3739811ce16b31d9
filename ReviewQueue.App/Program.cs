using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using ReviewQueue.App.Api;
using ReviewQueue.App.Auth;
using ReviewQueue.App.Components;
using ReviewQueue.App.Datasets;
using ReviewQueue.App.Demo;
using ReviewQueue.App.Live;
using ReviewQueue.Core;
using ReviewQueue.Core.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddReviewQueueCore(builder.Configuration);
builder.Services.AddAppIdentity();
builder.Services.AddReviewQueueApi();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddScoped<DemoSeeder>();
builder.Services.AddLiveUpdates(builder.Configuration);

var app = builder.Build();

await Database.MigrateAsync(app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
await using (var scope = app.Services.CreateAsyncScope())
    await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfWantedAsync();

if (!app.Environment.IsDevelopment())
    app.UseExceptionHandler("/error", createScopeForErrors: true);

app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapAccountEndpoints();
app.MapReviewQueueApi();
app.MapDatasetDownload();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapHub<ReviewHub>(ReviewHub.Path);

app.Lifetime.ApplicationStarted.Register(() => DemoSeeder.PrintWelcome(app));

await app.RunAsync();

/// <summary>Visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
