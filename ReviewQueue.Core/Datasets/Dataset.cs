using ReviewQueue.Core.Common;

namespace ReviewQueue.Core.Datasets;

/// <summary>A named collection of golden examples in a project.</summary>
public class Dataset
{
    private Dataset()
    {
    }

    private Dataset(long projectId, string name, string? description, Caller creator, DateTime now)
    {
        ProjectId = projectId;
        Name = name;
        NormalizedName = Normalize(name);
        Description = description;
        CreatedById = creator.PrincipalId;
        CreatedAt = now;
    }

    public long Id { get; private set; }

    public long ProjectId { get; private set; }

    public string Name { get; private set; } = "";

    public string NormalizedName { get; private set; } = "";

    public string? Description { get; private set; }

    public string CreatedById { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();

    public static Result<Dataset> Create(long projectId, string? name, string? description, Caller creator, DateTime now)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return Error.InvalidField("datasetName", "A dataset needs a name.");
        if (trimmed.Length > Limits.NameLength)
            return Error.InvalidField("datasetName", $"A dataset name is at most {Limits.NameLength} characters.");
        if (description is { Length: > Limits.DescriptionLength })
            return Error.InvalidField("description", $"A description is at most {Limits.DescriptionLength:N0} characters.");

        return new Dataset(projectId, trimmed, string.IsNullOrWhiteSpace(description) ? null : description, creator, now);
    }
}
