using RECertificates.Cluster;

namespace RECertificates.Tests;

public class RetryPolicyTests
{
    [Fact]
    public void Backoff_doubles_within_jitter_and_stops_at_the_cap()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), new Random(42));
        for (int round = 0; round < 50; round++)
        {
            AssertBetween(policy.GetDelay(1), 0.5, 1.0);
            AssertBetween(policy.GetDelay(2), 1.0, 2.0);
            AssertBetween(policy.GetDelay(3), 2.0, 4.0);
            AssertBetween(policy.GetDelay(4), 2.5, 5.0);
            AssertBetween(policy.GetDelay(10), 2.5, 5.0);
        }
    }

    [Fact]
    public void Jitter_spreads_the_delays()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(7));
        var delays = Enumerable.Range(0, 20).Select(_ => policy.GetDelay(2)).Distinct().ToList();
        Assert.True(delays.Count > 10);
    }

    [Theory]
    [InlineData(0, 1, false)]
    [InlineData(3, 1, true)]
    [InlineData(3, 3, true)]
    [InlineData(3, 4, false)]
    public void Allows_exactly_MaximumRetryCount_retries(int maximum, int attemptsMade, bool expected)
    {
        Assert.Equal(expected, new RetryPolicy(maximum, TimeSpan.Zero, TimeSpan.Zero).CanRetry(attemptsMade));
    }

    [Theory]
    [InlineData(409, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(400, false)]
    [InlineData(500, false)]
    public void Retries_only_what_can_succeed_later_and_never_a_401(int status, bool retryable)
    {
        Assert.Equal(retryable, RetryPolicy.IsRetryableStatus(status));
    }

    private static void AssertBetween(TimeSpan delay, double lowSeconds, double highSeconds)
    {
        Assert.InRange(delay.TotalSeconds, lowSeconds, highSeconds);
    }
}
