namespace ReviewQueue.Core.Traces;

public enum TraceStatus
{
    OK,
    ERROR,
}

/// <summary>
/// One recorded LLM interaction. <see cref="Key"/> is the database key; <see cref="TraceId"/> is
/// the id the client knows, unique within the project. Input, output and metadata are JSON text.
/// </summary>
public class Trace
{
    private Trace()
    {
    }

    public Trace(long projectId, string traceId, string name, DateTime timestamp)
    {
        ProjectId = projectId;
        TraceId = traceId;
        Name = name;
        Timestamp = timestamp;
    }

    public long Key { get; private set; }

    public long ProjectId { get; private set; }

    public string TraceId { get; private set; } = "";

    public string Name { get; set; } = "";

    public DateTime Timestamp { get; set; }

    public string? Input { get; set; }

    public string? Output { get; set; }

    public string Metadata { get; set; } = "{}";

    public string? UserId { get; set; }

    public string? SessionId { get; set; }

    public int? LatencyMs { get; set; }

    public int? PromptTokens { get; set; }

    public int? CompletionTokens { get; set; }

    public int? TotalTokens { get; set; }

    public double? Cost { get; set; }

    public TraceStatus Status { get; set; }

    /// <summary>Kept in step with the annotations so that the Traces page can sort and filter on it.</summary>
    public int AnnotationCount { get; internal set; }

    public ICollection<TraceTag> Tags { get; private set; } = [];

    public ICollection<Span> Spans { get; private set; } = [];

    public ICollection<TraceAnnotation> Annotations { get; private set; } = [];
}

/// <summary>A tag on a trace, in its own table so that filtering by tag is an index lookup.</summary>
public class TraceTag
{
    private TraceTag()
    {
    }

    public TraceTag(string tag) => Tag = tag;

    public long TraceKey { get; private set; }

    public string Tag { get; private set; } = "";
}
