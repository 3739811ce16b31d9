namespace ReviewQueue.Core.Projects;

/// <summary>A user's membership of a project, with the role that decides what they may do.</summary>
public class ProjectMember
{
    private ProjectMember()
    {
    }

    public ProjectMember(long projectId, string userId, ProjectRole role, DateTime addedAt)
    {
        ProjectId = projectId;
        UserId = userId;
        Role = role;
        AddedAt = addedAt;
    }

    public long ProjectId { get; private set; }

    public string UserId { get; private set; } = "";

    public ProjectRole Role { get; private set; }

    public DateTime AddedAt { get; private set; }

    public AppUser? User { get; private set; }

    public void ChangeRole(ProjectRole role) => Role = role;
}
