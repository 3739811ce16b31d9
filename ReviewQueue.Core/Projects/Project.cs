using ReviewQueue.Core.Common;

namespace ReviewQueue.Core.Projects;

/// <summary>A workspace, addressed by its slug, whose members hold roles.</summary>
public class Project
{
    private Project()
    {
    }

    public Project(string slug, string name, DateTime createdAt)
    {
        Slug = slug;
        Name = name;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    public string Slug { get; private set; } = "";

    public string Name { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public ICollection<ProjectMember> Members { get; private set; } = [];

    public static bool IsValidSlug(string slug) =>
        slug.Length is > 0 and <= Limits.SlugLength
        && slug.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
