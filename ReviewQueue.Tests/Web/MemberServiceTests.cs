using Microsoft.Extensions.DependencyInjection;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Projects;
using ReviewQueue.Tests.Core;

namespace ReviewQueue.Tests.Web;

public sealed class MemberServiceTests : IAsyncLifetime
{
    private const string NewEmail = "new.person@example.test";
    private CoreHarness _h = null!;

    private MemberService Members => _h.Services.GetRequiredService<MemberService>();

    public async Task InitializeAsync()
    {
        _h = await CoreHarness.CreateAsync(traces: 1);
        await using var db = _h.NewDb();
        db.Users.Add(new AppUser
        {
            Id = "u-new",
            UserName = NewEmail,
            Email = NewEmail,
            NormalizedEmail = NewEmail.ToUpperInvariant(),
            DisplayName = "Nia New",
        });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task AdminAddsAMemberByEmail()
    {
        var added = await Members.AddAsync(_h.Admin, _h.ProjectId, "  New.Person@Example.test ", ProjectRole.MEMBER);

        added.Ok.Should().BeEquivalentTo(new { UserId = "u-new", Email = NewEmail, Role = ProjectRole.MEMBER });
        (await Members.ListAsync(_h.Admin, _h.ProjectId)).Ok.Should().Contain(m => m.UserId == "u-new");
    }

    [Fact]
    public async Task UnknownEmailAndExistingMemberAreRefused()
    {
        await Members.AddAsync(_h.Admin, _h.ProjectId, NewEmail, ProjectRole.VIEWER);

        var unknown = await Members.AddAsync(_h.Admin, _h.ProjectId, "nobody@example.test", ProjectRole.MEMBER);
        var again = await Members.AddAsync(_h.Admin, _h.ProjectId, NewEmail, ProjectRole.MEMBER);

        unknown.Error!.Kind.Should().Be(ErrorKind.Invalid);
        unknown.Error.Fields.Should().ContainKey("email");
        again.Error!.Kind.Should().Be(ErrorKind.Conflict);
    }

    [Fact]
    public async Task OnlyAnOwnerGrantsOwner()
    {
        var byAdmin = await Members.AddAsync(_h.Admin, _h.ProjectId, NewEmail, ProjectRole.OWNER);
        var promoteByAdmin =
            await Members.ChangeRoleAsync(_h.Admin, _h.ProjectId, _h.Member.UserId!, ProjectRole.OWNER);
        var byOwner = await Members.AddAsync(_h.Owner, _h.ProjectId, NewEmail, ProjectRole.OWNER);

        byAdmin.Error!.Kind.Should().Be(ErrorKind.Forbidden);
        promoteByAdmin.Error!.Kind.Should().Be(ErrorKind.Forbidden);
        byOwner.Ok.Role.Should().Be(ProjectRole.OWNER);
    }

    [Fact]
    public async Task AnAdminCannotChangeOrRemoveAnOwner()
    {
        var demote = await Members.ChangeRoleAsync(_h.Admin, _h.ProjectId, _h.Owner.UserId!, ProjectRole.MEMBER);
        var remove = await Members.RemoveAsync(_h.Admin, _h.ProjectId, _h.Owner.UserId!);

        demote.Error!.Kind.Should().Be(ErrorKind.Forbidden);
        remove.Error!.Kind.Should().Be(ErrorKind.Forbidden);
    }

    [Fact]
    public async Task TheLastOwnerStays()
    {
        var demote = await Members.ChangeRoleAsync(_h.Owner, _h.ProjectId, _h.Owner.UserId!, ProjectRole.ADMIN);
        var remove = await Members.RemoveAsync(_h.Owner, _h.ProjectId, _h.Owner.UserId!);
        await Members.ChangeRoleAsync(_h.Owner, _h.ProjectId, _h.Admin.UserId!, ProjectRole.OWNER);
        var removeOneOfTwo = await Members.RemoveAsync(_h.Owner, _h.ProjectId, _h.Owner.UserId!);

        demote.Error!.Kind.Should().Be(ErrorKind.Conflict);
        remove.Error!.Kind.Should().Be(ErrorKind.Conflict);
        removeOneOfTwo.IsSuccess.Should().BeTrue();
    }

    [Fact]
    public async Task AdminChangesRolesAndRemovesMembers()
    {
        var changed = await Members.ChangeRoleAsync(_h.Admin, _h.ProjectId, _h.Viewer.UserId!, ProjectRole.MEMBER);
        var removed = await Members.RemoveAsync(_h.Admin, _h.ProjectId, _h.Member2.UserId!);

        changed.Ok.Role.Should().Be(ProjectRole.MEMBER);
        removed.IsSuccess.Should().BeTrue();
        (await Members.ListAsync(_h.Admin, _h.ProjectId)).Ok.Should().NotContain(m => m.UserId == _h.Member2.UserId);
    }

    [Fact]
    public async Task MembersCannotManageAndOutsidersSeeNothing()
    {
        var byMember = await Members.ListAsync(_h.Member, _h.ProjectId);
        var byOutsider = await Members.AddAsync(_h.Outsider, _h.ProjectId, NewEmail, ProjectRole.VIEWER);

        byMember.Error!.Kind.Should().Be(ErrorKind.Forbidden);
        byOutsider.Error!.Kind.Should().Be(ErrorKind.NotFound);
    }
}
