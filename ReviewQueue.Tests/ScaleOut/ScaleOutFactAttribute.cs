namespace ReviewQueue.Tests.ScaleOut;

/// <summary>
/// A test that needs the private PostgreSQL and Redis servers that test.sh starts. Without them
/// it is reported as skipped, with the reason.
/// </summary>
public sealed class ScaleOutFactAttribute : FactAttribute
{
    public ScaleOutFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("RQ_TEST_POSTGRES") is null
            || Environment.GetEnvironmentVariable("RQ_TEST_REDIS") is null)
        {
            Skip = "Needs PostgreSQL and Redis: run ./test.sh, which starts private servers "
                + "(RQ_TEST_POSTGRES and RQ_TEST_REDIS are not set).";
        }
    }
}
