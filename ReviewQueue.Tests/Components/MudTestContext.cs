using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace ReviewQueue.Tests.Components;

/// <summary>
/// The shared bUnit base: loose JS interop, MudBlazor's services, the popover provider rendered
/// first, and an asynchronous dispose.
/// </summary>
public abstract class MudTestContext : IAsyncLifetime
{
    protected BunitContext Context { get; } = new();

    public virtual Task InitializeAsync()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
