namespace ReviewQueue.Core.Projects;

/// <summary>A member's role in a project; each includes everything the ones below it may do.</summary>
public enum ProjectRole
{
    VIEWER = 0,
    MEMBER = 1,
    ADMIN = 2,
    OWNER = 3,
}
