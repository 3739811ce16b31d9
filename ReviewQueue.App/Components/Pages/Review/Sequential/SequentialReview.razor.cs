using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;
using ReviewQueue.App.Components.Shared;
using ReviewQueue.App.Live;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Projects;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Core.Traces;
using CoreError = ReviewQueue.Core.Common.Error;

namespace ReviewQueue.App.Components.Pages.Review.Sequential;

/// <summary>
/// Sequential review: one claimed item at a time, the next one claimed and loaded ahead, every
/// action a single call from the keyboard module. The component holds at most the item on screen
/// and the one fetched ahead; both are renewed while it is open and released when it is disposed.
/// </summary>
public sealed partial class SequentialReview
{
    private const int MaxRemembered = 50;
    private const int MaxLabels = 20;
    private const string ModulePath = "./Components/Pages/Review/Sequential/SequentialReview.razor.js";

    /// <summary>How long a submit's write waits for the browser to show the next item.</summary>
    private static readonly TimeSpan BrowserWait = TimeSpan.FromSeconds(1);

    private CancellationTokenSource _life = new();

    /// <summary>Items this reviewer decided here, newest last, for Back.</summary>
    private readonly List<long> _reviewed = [];

    private ElementReference _root;
    private DotNetObjectReference<SequentialReview>? _self;
    private IJSObjectReference? _module;
    private IDisposable? _presenceTicket;
    private IDisposable? _feed;
    private Task _prefetch = Task.CompletedTask;
    private Task _renewals = Task.CompletedTask;
    private Task _writing = Task.CompletedTask;
    private Slot? _current;
    private Slot? _next;
    private ReviewDraft _draft = new();
    private QueueView? _queue;
    private IReadOnlyList<PresenceEntry> _reviewers = [];
    private IReadOnlyList<string> _labels = [];
    private LostReview? _lost;
    private ExportResult? _exported;
    private CoreError? _error;
    private string? _notice;
    private long? _startedFor;
    private bool _finished;
    private bool _busy;
    private bool _showShortcuts;
    private bool _hooksDeferred;
    private bool _disposed;

    [Parameter, EditorRequired]
    public ProjectContext Project { get; set; } = default!;

    [Parameter, EditorRequired]
    public long QueueId { get; set; }

    [Inject]
    private ReviewItemService Items { get; set; } = default!;

    [Inject]
    private QueueService Queues { get; set; } = default!;

    [Inject]
    private TraceQueryService Traces { get; set; } = default!;

    [Inject]
    private QueueLiveFeed Feed { get; set; } = default!;

    [Inject]
    private PresenceTracker Presence { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IOptions<ReviewOptions> ReviewOptions { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ILogger<SequentialReview> Logger { get; set; } = default!;

    private Caller Caller => Project.Caller;

    private bool CanGoBack => _reviewed.Count > 0;

    protected override async Task OnParametersSetAsync()
    {
        // Prerendering must not claim: that render is thrown away, and its claim would sit held.
        if (!RendererInfo.IsInteractive || _startedFor == QueueId)
            return;

        if (_startedFor is not null)
        {
            // Another queue in the same page: leave the first one completely.
            await StopAsync();
            _life.Dispose();
            _life = new CancellationTokenSource();
            _reviewed.Clear();
            _lost = null;
            _notice = null;
        }

        _startedFor = QueueId;
        await StartAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive || !Project.Can(Permission.Review))
            return;

        _self = DotNetObjectReference.Create(this);
        var module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
        if (_disposed)
        {
            await module.DisposeAsync();
            return;
        }

        _module = module;
        await _module.InvokeVoidAsync("attach", _root, _self);
    }

    /// <summary>A key from the shortcut module: a sentiment, a decision, skip, back, or the overlay.</summary>
    [JSInvokable]
    public async Task Shortcut(string action)
    {
        switch (action)
        {
            case "positive" or "neutral" or "negative" when _current is not null && !_busy:
                _draft.Choose(Enum.Parse<Sentiment>(action, ignoreCase: true));
                break;
            case "approve" when _current is not null && !_busy:
                _draft.Choose(ReviewDecision.APPROVED);
                break;
            case "reject" when _current is not null && !_busy:
                _draft.Choose(ReviewDecision.REJECTED);
                break;
            case "skip":
                await SkipAsync();
                return;
            case "back":
                await BackAsync();
                return;
            case "help":
                _showShortcuts = !_showShortcuts;
                break;
            case "close-help":
                _showShortcuts = false;
                break;
            default:
                return;
        }

        StateHasChanged();
    }

    /// <summary>
    /// Enter or Ctrl+Enter. The module sends what the text fields hold at the keypress, which the
    /// server may not have seen yet (a text field reports its value when it loses focus). Answers the
    /// id of the item on screen afterwards: the module has already shown the item fetched ahead, and
    /// takes that back when this is another one (docs/decisions.md, "Enter swaps in the browser").
    /// </summary>
    [JSInvokable]
    public async Task<long?> Submit(string? label, string? notes)
    {
        if (_current is null || _busy)
            return _current?.Item.Id;

        _draft.Label = label;
        _draft.Notes = notes;
        if (_draft.TryGetValues() is { } values)
            await SubmitAsync(values);
        else
            StateHasChanged();

        return _current?.Item.Id;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;

        _disposed = true;
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("detach", _root);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The tab is gone; so is the module.
            }
        }

        _self?.Dispose();
        await StopAsync();
        _life.Dispose();
    }

    private async Task StartAsync()
    {
        _error = null;
        _finished = false;
        if (!Project.Can(Permission.Review))
        {
            _error = CoreError.Forbidden("Reviewing needs the MEMBER role or higher in this project.");
            return;
        }

        var queue = await Queues.GetAsync(Caller, QueueId, _life.Token);
        if (!queue.IsSuccess)
        {
            _error = queue.Error;
            return;
        }

        _queue = queue.Ok;
        _presenceTicket = Presence.Join(Project.Project.Id, QueueId, Caller.PrincipalId, Caller.DisplayName);
        _reviewers = Presence.Reviewers(QueueId);
        _feed = Feed.Subscribe(Project.Project.Id, QueueId, OnQueueChangedAsync);

        var labels = await Items.LabelsAsync(Caller, Project.Project.Id, prefix: null, MaxLabels, _life.Token);
        _labels = labels.IsSuccess ? labels.Ok : [];

        var first = await ClaimAsync(_life.Token);
        if (!first.IsSuccess)
        {
            _error = first.Error;
            return;
        }

        Show(first.Ok);
        _renewals = RenewWhileOpenAsync(_life.Token);
        StartPrefetch();
    }

    /// <summary>Leaves the queue: presence, live feed, renewals, and every held item let go.</summary>
    private async Task StopAsync()
    {
        await _life.CancelAsync();
        _feed?.Dispose();
        _presenceTicket?.Dispose();
        await _renewals;
        await _prefetch;

        var held = new[] { _current, _next }.OfType<Slot>().ToList();
        _current = null;
        _next = null;
        foreach (var slot in held)
        {
            var released = await Items.ReleaseAsync(Caller, slot.Item.Id, CancellationToken.None);
            if (!released.IsSuccess)
                LogReleaseRefused(Logger, slot.Item.Id, released.Error!.Message);
        }

        // A review sent just before leaving is written, not cancelled, and is done before the page is.
        await _writing;
    }

    /// <summary>
    /// Decides the item on screen. When the next item is already fetched (and rendered, hidden) it goes
    /// on screen first and the write follows once the browser shows it, so that Enter costs one round
    /// trip (docs/performance.md); a refusal other than a lost hold brings the submitted item back
    /// with what was typed.
    /// </summary>
    private async Task SubmitAsync(ReviewValues values)
    {
        if (_busy || _current is not { } slot)
            return;

        _busy = true;
        var draft = _draft;
        var ahead = _prefetch.IsCompleted ? _next : null;
        try
        {
            if (ahead is not null)
            {
                _next = null;
                _lost = null;
                _notice = null;
                Show(ahead);

                // The swap alone: the trace goes on screen as it was rendered, hidden, and its test
                // hooks follow in a render of their own once the browser has shown it (WriteAsync).
                _hooksDeferred = true;
                StateHasChanged();
            }

            var write = WriteAsync(slot.Item.Id, values, afterSwap: ahead is not null);
            _writing = write;
            var submitted = await write;
            if (submitted.IsSuccess)
            {
                Remember(slot.Item.Id);
                if (values.Label is { } label && !_labels.Contains(label))
                    _labels = [label, .. _labels.Take(MaxLabels - 1)];
                _lost = null;
                _notice = null;
            }
            else if (submitted.Error!.Kind == ErrorKind.Conflict)
            {
                // The hold lapsed or the item changed hands: keep what was typed on screen and move on.
                LogSubmitRefused(Logger, slot.Item.Id, submitted.Error.Message);
                _lost = new LostReview(slot.Item.TraceId, values, submitted.Error.Message);
            }
            else
            {
                if (ahead is not null)
                {
                    _next = ahead;
                    _current = slot;
                    _draft = draft;
                    _finished = false;
                }

                _draft.Hint = submitted.Error.Message;
                return;
            }

            if (ahead is null)
                await AdvanceAsync();
        }
        finally
        {
            _busy = false;
            StateHasChanged();
        }

        StartPrefetch();
    }

    private async Task SkipAsync()
    {
        if (_busy || _current is not { } slot)
            return;

        _busy = true;
        try
        {
            // A review taken back to change cannot be skipped; leaving it keeps it as it was.
            var done = slot.Reopened
                ? await Items.ReleaseAsync(Caller, slot.Item.Id, _life.Token)
                : await Items.SkipAsync(Caller, slot.Item.Id, _life.Token);
            if (!done.IsSuccess && done.Error!.Kind != ErrorKind.Conflict)
            {
                _draft.Hint = done.Error.Message;
                return;
            }

            if (slot.Reopened)
                Remember(slot.Item.Id);
            _notice = done.IsSuccess ? null : $"Trace {slot.Item.TraceId} was not skipped: {done.Error!.Message}";
            await AdvanceAsync();
        }
        finally
        {
            _busy = false;
            StateHasChanged();
        }

        StartPrefetch();
    }

    /// <summary>
    /// Takes the last review made here back into review, prefilled. The item on screen stays held
    /// and comes next; the one fetched ahead is let go, so that no more than two are held.
    /// </summary>
    private async Task BackAsync()
    {
        if (_busy)
            return;

        if (_reviewed.Count == 0)
        {
            _notice = "There is no earlier review from this session to go back to.";
            StateHasChanged();
            return;
        }

        _busy = true;
        try
        {
            var previousId = _reviewed[^1];
            _reviewed.RemoveAt(_reviewed.Count - 1);
            var reopened = await Items.ReopenAsync(Caller, previousId, _life.Token);
            if (!reopened.IsSuccess)
            {
                _notice = $"The earlier review cannot be changed: {reopened.Error!.Message}";
                return;
            }

            var trace = await Traces.GetAsync(Caller, Project.Project.Id, reopened.Ok.TraceId, _life.Token);
            if (!trace.IsSuccess)
            {
                await Items.ReleaseAsync(Caller, previousId, CancellationToken.None);
                _notice = trace.Error!.Message;
                return;
            }

            await _prefetch;
            if (_current is { } shown)
            {
                if (shown.Reopened)
                {
                    await Items.ReleaseAsync(Caller, shown.Item.Id, CancellationToken.None);
                }
                else
                {
                    if (_next is { } spare)
                        await Items.ReleaseAsync(Caller, spare.Item.Id, CancellationToken.None);
                    _next = shown;
                }
            }

            _notice = null;
            Show(new Slot(reopened.Ok, trace.Ok, Reopened: true));
        }
        finally
        {
            _busy = false;
            StateHasChanged();
        }
    }

    /// <summary>
    /// Writes a review. After a swap it first waits until the browser has applied the render that
    /// shows the next item: started at once, the write competed with that render on its way to the
    /// browser (docs/performance.md). Leaving the page neither skips nor cancels it.
    /// </summary>
    private async Task<Result<ReviewItemView>> WriteAsync(long itemId, ReviewValues values, bool afterSwap)
    {
        if (afterSwap && _module is { } module)
        {
            // The browser runs this call after every render batch sent before it.
            try
            {
                await module.InvokeVoidAsync("rendered", _life.Token).AsTask().WaitAsync(BrowserWait, Clock);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or JSException
                                           or JSDisconnectedException)
            {
                // No answer in time, an older module, or the page is being left: write now.
            }
        }

        if (_hooksDeferred)
        {
            _hooksDeferred = false;
            StateHasChanged();
        }

        return await Items.SubmitAsync(Caller, itemId, values, CancellationToken.None);
    }

    /// <summary>Shows the item fetched ahead, or claims one now if there is none.</summary>
    private async Task AdvanceAsync()
    {
        await _prefetch;
        var next = _next;
        _next = null;
        if (next is null)
        {
            var claimed = await ClaimAsync(_life.Token);
            if (!claimed.IsSuccess)
            {
                _current = null;
                _error = claimed.Error;
                return;
            }

            next = claimed.Ok;
        }

        Show(next);
    }

    /// <summary>The traces kept in the page: the one on screen, then the one fetched ahead, hidden.</summary>
    private IEnumerable<Slot> TracePages(Slot shown)
    {
        yield return shown;
        if (_next is { } next)
            yield return next;
    }

    private void Show(Slot? slot)
    {
        _current = slot;
        _draft = slot is { Reopened: true } ? ReviewDraft.From(slot.Item) : new ReviewDraft();
        _finished = slot is null;
    }

    private void Remember(long itemId)
    {
        _reviewed.Remove(itemId);
        _reviewed.Add(itemId);
        if (_reviewed.Count > MaxRemembered)
            _reviewed.RemoveAt(0);
    }

    /// <summary>Claims the following item and loads its trace, without holding up the reviewer.</summary>
    private void StartPrefetch()
    {
        if (_disposed || _current is null || _next is not null || !_prefetch.IsCompleted)
            return;

        _prefetch = PrefetchAsync(_life.Token);
    }

    private async Task PrefetchAsync(CancellationToken ct)
    {
        try
        {
            var claimed = await ClaimAsync(ct);
            if (claimed.IsSuccess)
            {
                // Rendered now, hidden, so that showing it on Enter renders no trace.
                _next = claimed.Ok;
                StateHasChanged();
            }
            else
            {
                LogPrefetchRefused(Logger, QueueId, claimed.Error!.Message);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Leaving: nothing was claimed, or ClaimAsync let it go.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <summary>Claims the next item with its trace; null when nothing is left for this reviewer.</summary>
    private async Task<Result<Slot?>> ClaimAsync(CancellationToken ct)
    {
        var claimed = await Items.ClaimNextAsync(Caller, QueueId, ct);
        if (!claimed.IsSuccess)
            return claimed.Error!;
        if (claimed.Ok is not { } item)
            return (Slot?)null;

        try
        {
            var trace = await Traces.GetAsync(Caller, Project.Project.Id, item.TraceId, ct);
            if (trace.IsSuccess)
                return new Slot(item, trace.Ok);

            await Items.ReleaseAsync(Caller, item.Id, CancellationToken.None);
            return trace.Error!;
        }
        catch (OperationCanceledException)
        {
            await Items.ReleaseAsync(Caller, item.Id, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Renews the held items every third of the lease while the page stays open.</summary>
    private async Task RenewWhileOpenAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(ReviewOptions.Value.Lease / 3, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                foreach (var slot in new[] { _current, _next }.OfType<Slot>().ToList())
                {
                    var renewed = await Items.RenewAsync(Caller, slot.Item.Id, ct);
                    if (renewed.IsSuccess)
                        continue;

                    LogRenewRefused(Logger, slot.Item.Id, renewed.Error!.Message);

                    // An item fetched ahead that was lost is simply claimed again later.
                    if (ReferenceEquals(_next, slot))
                        _next = null;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The page closed.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private Task OnQueueChangedAsync(IReadOnlyCollection<long> queueIds) => InvokeAsync(async () =>
    {
        try
        {
            if (_disposed)
                return;

            var queue = await Queues.GetAsync(Caller, QueueId, _life.Token);
            if (queue.IsSuccess)
                _queue = queue.Ok;
            _reviewers = Presence.Reviewers(QueueId);

            // Someone let go of an item: a finished reviewer picks it up.
            if (_finished && !_busy && _queue?.Progress is { Pending: > 0 } or { Skipped: > 0 })
                await ResumeAsync();

            StateHasChanged();
        }
        catch (OperationCanceledException) when (_life.IsCancellationRequested)
        {
            // The page closed while the progress was read.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    });

    private async Task ResumeAsync()
    {
        _busy = true;
        try
        {
            var claimed = await ClaimAsync(_life.Token);
            if (claimed.IsSuccess && claimed.Ok is { } slot)
                Show(slot);
        }
        finally
        {
            _busy = false;
        }

        StartPrefetch();
    }

    /// <summary>The list mode's export dialog; its result stays on the finished pane.</summary>
    private async Task OpenExportAsync()
    {
        if (_queue is null)
            return;

        var parameters = new DialogParameters<ExportDialog>
        {
            { d => d.Project, Project },
            { d => d.Queue, _queue },
        };
        var dialog = await Dialogs.ShowAsync<ExportDialog>("Export to Dataset", parameters);
        if (await dialog.Result is { Canceled: false, Data: ExportResult result })
            _exported = result;
    }

    private void ToggleShortcuts() => _showShortcuts = !_showShortcuts;

    private static double PercentDone(QueueProgress progress) =>
        progress.Total == 0 ? 0 : 100.0 * progress.Done / progress.Total;

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information,
        Message = "Submit of item {ItemId} refused: {Reason}")]
    private static partial void LogSubmitRefused(ILogger logger, long itemId, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information,
        Message = "Renewal of item {ItemId} refused: {Reason}")]
    private static partial void LogRenewRefused(ILogger logger, long itemId, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information,
        Message = "Release of item {ItemId} refused: {Reason}")]
    private static partial void LogReleaseRefused(ILogger logger, long itemId, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information,
        Message = "Fetching ahead in queue {QueueId} refused: {Reason}")]
    private static partial void LogPrefetchRefused(ILogger logger, long queueId, string reason);

    /// <summary>A claimed item and its trace. Reopened: an earlier review taken back to be changed.</summary>
    private sealed record Slot(ReviewItemView Item, TraceDetail Trace, bool Reopened = false);

    /// <summary>A review Core refused because the hold was gone, kept on screen so nothing typed is lost.</summary>
    private sealed record LostReview(string TraceId, ReviewValues Values, string Reason);
}
