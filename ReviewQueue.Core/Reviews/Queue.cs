using ReviewQueue.Core.Common;

namespace ReviewQueue.Core.Reviews;

/// <summary>
/// A review queue. Its status follows its items (ACTIVE until every item is decided, then
/// COMPLETED) unless an admin has ARCHIVED it, which makes it read-only.
/// </summary>
public class Queue
{
    private Queue()
    {
    }

    private Queue(long projectId, string name, string? description, Caller creator, DateTime now)
    {
        ProjectId = projectId;
        SetName(name);
        Description = description;
        Status = QueueStatus.ACTIVE;
        CreatedById = creator.PrincipalId;
        CreatedByName = creator.DisplayName;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public long Id { get; private set; }

    public long ProjectId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The name in upper case, so that uniqueness ignores case through a plain index.</summary>
    public string NormalizedName { get; private set; } = "";

    public string? Description { get; private set; }

    public QueueStatus Status { get; private set; }

    public string CreatedById { get; private set; } = "";

    public string CreatedByName { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public DateTime? ArchivedAt { get; private set; }

    public bool IsArchived => Status == QueueStatus.ARCHIVED;

    public static Result<Queue> Create(long projectId, string? name, string? description, Caller creator, DateTime now)
    {
        var errors = Validate(name, description);
        if (errors is not null)
            return errors;

        return new Queue(projectId, name!.Trim(), Clean(description), creator, now);
    }

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();

    /// <summary>Checks a name and description against the specification's lengths.</summary>
    public static Error? Validate(string? name, string? description)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmed = name?.Trim();

        if (string.IsNullOrEmpty(trimmed))
            errors["name"] = ["A queue needs a name."];
        else if (trimmed.Length > Limits.NameLength)
            errors["name"] = [$"A queue name is at most {Limits.NameLength} characters."];

        if (description is { Length: > Limits.DescriptionLength })
            errors["description"] = [$"A description is at most {Limits.DescriptionLength:N0} characters."];

        return errors.Count == 0 ? null : Error.InvalidFields(errors);
    }

    public Result Update(string? name, string? description, DateTime now)
    {
        var errors = Validate(name ?? Name, description);
        if (errors is not null)
            return errors;

        if (name is not null)
            SetName(name.Trim());
        Description = Clean(description);
        UpdatedAt = now;
        return Result.Success();
    }

    public Result Archive(DateTime now)
    {
        if (IsArchived)
            return Error.Conflict($"Queue \"{Name}\" is already archived.");

        Status = QueueStatus.ARCHIVED;
        ArchivedAt = now;
        UpdatedAt = now;
        return Result.Success();
    }

    /// <summary>Back to ACTIVE or COMPLETED, whichever its items say.</summary>
    public Result Restore(int total, bool hasOpenItems, DateTime now)
    {
        if (!IsArchived)
            return Error.Conflict($"Queue \"{Name}\" is not archived.");

        Status = StatusFor(total, hasOpenItems);
        ArchivedAt = null;
        UpdatedAt = now;
        return Result.Success();
    }

    /// <summary>Moves between ACTIVE and COMPLETED after items change; an archived queue stays archived.</summary>
    public bool FollowItems(int total, bool hasOpenItems, DateTime now)
    {
        if (IsArchived)
            return false;

        var status = StatusFor(total, hasOpenItems);
        if (status == Status)
            return false;

        Status = status;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Refuses a change to an archived queue, naming what was refused.</summary>
    public Result EnsureWritable(string action) => IsArchived
        ? Error.Conflict($"Queue \"{Name}\" is archived and read-only: {action} is not possible. Restore it first.")
        : Result.Success();

    private static QueueStatus StatusFor(int total, bool hasOpenItems) =>
        total > 0 && !hasOpenItems ? QueueStatus.COMPLETED : QueueStatus.ACTIVE;

    private void SetName(string name)
    {
        Name = name;
        NormalizedName = Normalize(name);
    }

    private static string? Clean(string? description) =>
        string.IsNullOrWhiteSpace(description) ? null : description.Trim();
}
