using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewQueue.Core.Common;
using ReviewQueue.Core.Projects;
using ReviewQueue.Tests.Core;

namespace ReviewQueue.Tests.Web;

public sealed class ApiKeyServiceTests : IAsyncLifetime
{
    private CoreHarness _h = null!;

    private ApiKeyService Keys => _h.Services.GetRequiredService<ApiKeyService>();

    public async Task InitializeAsync() => _h = await CoreHarness.CreateAsync(traces: 1);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task CreateReturnsTheSecretOnceAndStoresOnlyItsHash()
    {
        var created = await Keys.CreateAsync(_h.Admin, _h.ProjectId, "ingest script", ProjectRole.MEMBER);

        created.Ok.Secret.Should().StartWith(ApiKey.SecretPrefix);
        await using var db = _h.NewDb();
        var stored = await db.ApiKeys.SingleAsync();
        stored.SecretHash.Should().Be(ApiKey.Hash(created.Ok.Secret)).And.NotContain(created.Ok.Secret);
        (await Keys.ListAsync(_h.Admin, _h.ProjectId)).Ok.Should().ContainSingle()
            .Which.Should().BeEquivalentTo(
                new { Name = "ingest script", Role = ProjectRole.MEMBER, RevokedAt = (DateTime?)null });
    }

    [Fact]
    public async Task AnAdminCannotCreateAnOwnerKey()
    {
        var byAdmin = await Keys.CreateAsync(_h.Admin, _h.ProjectId, "too strong", ProjectRole.OWNER);
        var byOwner = await Keys.CreateAsync(_h.Owner, _h.ProjectId, "owner key", ProjectRole.OWNER);

        byAdmin.Error!.Kind.Should().Be(ErrorKind.Forbidden);
        byOwner.Ok.Key.Role.Should().Be(ProjectRole.OWNER);
    }

    [Fact]
    public async Task RevokeMarksTheKey()
    {
        var created = (await Keys.CreateAsync(_h.Admin, _h.ProjectId, "old", ProjectRole.VIEWER)).Ok;

        var revoked = await Keys.RevokeAsync(_h.Admin, _h.ProjectId, created.Key.Id);

        revoked.Ok.RevokedAt.Should().Be(_h.Clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task MembersCannotManageKeysAndOutsidersSeeNothing()
    {
        var list = await Keys.ListAsync(_h.Member, _h.ProjectId);
        var create = await Keys.CreateAsync(_h.Member, _h.ProjectId, "mine", ProjectRole.VIEWER);
        var outsider = await Keys.ListAsync(_h.Outsider, _h.ProjectId);
        var otherProjectsKey =
            (await Keys.CreateAsync(_h.Outsider, _h.OtherProjectId, "theirs", ProjectRole.MEMBER)).Ok;
        var revokeAcross = await Keys.RevokeAsync(_h.Admin, _h.ProjectId, otherProjectsKey.Key.Id);

        list.Error!.Kind.Should().Be(ErrorKind.Forbidden);
        create.Error!.Kind.Should().Be(ErrorKind.Forbidden);
        outsider.Error!.Kind.Should().Be(ErrorKind.NotFound);
        revokeAcross.Error!.Kind.Should().Be(ErrorKind.NotFound);
    }

    [Fact]
    public async Task NameIsRequired()
    {
        var created = await Keys.CreateAsync(_h.Admin, _h.ProjectId, "  ", ProjectRole.MEMBER);

        created.Error!.Fields.Should().ContainKey("name");
    }
}
