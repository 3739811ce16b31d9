using Microsoft.EntityFrameworkCore;
using ReviewQueue.App.Api;
using ReviewQueue.App.Reviews;
using ReviewQueue.Core;
using ReviewQueue.Core.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddReviewQueueCore(builder.Configuration);
builder.Services.AddHostedService<LeaseSweeper>();
builder.Services.AddReviewQueueApi();

var app = builder.Build();

await Database.MigrateAsync(app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());

app.MapReviewQueueApi();
app.MapGet("/", () => Results.Text("ReviewQueue is running.", "text/plain"));

await app.RunAsync();

/// <summary>Visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
