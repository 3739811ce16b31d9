namespace ReviewQueue.Tests.Web;

public sealed class LockoutTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task RepeatedFailuresLockTheAccountEvenForTheRightPassword()
    {
        var client = SignIn.NewClient(_factory);
        for (var attempt = 0; attempt < 5; attempt++)
            await SignIn.PostAsync(client, "viewer@demo.local", "wrong-password");

        var response = await SignIn.PostAsync(client, "viewer@demo.local", AppFactory.DemoPassword);

        response.Headers.Location!.OriginalString.Should().Contain("error=locked");
    }
}
