namespace ReviewQueue.Benchmarks.Scenarios;

/// <summary>How big each scenario is; <see cref="Quick"/> keeps a run well under a minute.</summary>
public sealed record Sizes(
    int QueueItems,
    int AddItems,
    int AddRepeats,
    int ClaimWarmUps,
    int ClaimSubmits,
    int ListPages,
    int ExportItems,
    int ConcurrentItems,
    int Reviewers,
    int HubClients,
    int HubSubmits,
    int BrowserQueueItems,
    int BrowserSubmits,
    int Sessions)
{
    public static Sizes Full { get; } = new(
        QueueItems: 100_000, AddItems: 10_000, AddRepeats: 3, ClaimWarmUps: 2000, ClaimSubmits: 500,
        ListPages: 40, ExportItems: 10_000,
        ConcurrentItems: 5_000, Reviewers: 32, HubClients: 100, HubSubmits: 40, BrowserQueueItems: 10_000,
        BrowserSubmits: 60, Sessions: 10);

    public static Sizes Quick { get; } = new(
        QueueItems: 10_000, AddItems: 2_000, AddRepeats: 1, ClaimWarmUps: 10, ClaimSubmits: 30,
        ListPages: 5, ExportItems: 2_000,
        ConcurrentItems: 500, Reviewers: 32, HubClients: 100, HubSubmits: 8, BrowserQueueItems: 1_000,
        BrowserSubmits: 10, Sessions: 2);
}
