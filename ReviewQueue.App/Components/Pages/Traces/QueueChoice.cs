namespace ReviewQueue.App.Components.Pages.Traces;

/// <summary>The queue picked (or just created) in the "Add to Review Queue" dialog.</summary>
public sealed record QueueChoice(long Id, string Name);
