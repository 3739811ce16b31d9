namespace ReviewQueue.Core.Datasets;

/// <summary>
/// One example in a dataset: input, expected output and metadata, and where it came from. The
/// source columns are plain values, not foreign keys, so that deleting a queue leaves them be.
/// </summary>
public class DatasetItem
{
    private DatasetItem()
    {
    }

    public DatasetItem(long datasetId, string? input, string? expectedOutput, string metadata,
        string? sourceTraceId, long? sourceQueueId, long? sourceReviewItemId, DateTime createdAt)
    {
        DatasetId = datasetId;
        Input = input;
        ExpectedOutput = expectedOutput;
        Metadata = metadata;
        SourceTraceId = sourceTraceId;
        SourceQueueId = sourceQueueId;
        SourceReviewItemId = sourceReviewItemId;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    public long DatasetId { get; private set; }

    public string? Input { get; private set; }

    public string? ExpectedOutput { get; private set; }

    public string Metadata { get; private set; } = "{}";

    public string? SourceTraceId { get; private set; }

    public long? SourceQueueId { get; private set; }

    public long? SourceReviewItemId { get; private set; }

    public DateTime CreatedAt { get; private set; }
}
