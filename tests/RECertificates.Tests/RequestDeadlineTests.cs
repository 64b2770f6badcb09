using RECertificates.Cluster;

namespace RECertificates.Tests;

/// <summary>
/// The deadline stage alone: which time limit a request gets, and that its token ends the exchange for the deadline,
/// the closing session and Ctrl+C alike, telling the caller's cancellation apart from the other two.
/// </summary>
public class RequestDeadlineTests
{
    private static readonly TimeSpan Long = TimeSpan.FromHours(1);

    [Fact]
    public void A_read_gets_the_sessions_read_timeout_a_write_its_write_timeout_and_an_endpoints_own_limit_wins()
    {
        ClusterConnectionSettings settings = FakeClusterHandler.Settings();
        settings.ReadTimeout = TimeSpan.FromSeconds(7);
        settings.WriteTimeout = TimeSpan.FromSeconds(70);

        Assert.Equal(TimeSpan.FromSeconds(7), RequestDeadline.For(settings, isWrite: false, timeLimit: null));
        Assert.Equal(TimeSpan.FromSeconds(70), RequestDeadline.For(settings, isWrite: true, timeLimit: null));
        Assert.Equal(TimeSpan.FromSeconds(900), RequestDeadline.For(settings, isWrite: true, timeLimit: TimeSpan.FromSeconds(900)));
    }

    [Fact]
    public void Before_its_time_the_token_is_not_cancelled()
    {
        using var deadline = new RequestDeadline(Long, CancellationToken.None, CancellationToken.None);

        Assert.False(deadline.Token.IsCancellationRequested);
        Assert.Equal(Long, deadline.Timeout);
    }

    [Fact]
    public async Task Once_the_time_is_up_the_token_is_cancelled_and_the_deadline_passed()
    {
        using var deadline = new RequestDeadline(TimeSpan.FromMilliseconds(1), CancellationToken.None, CancellationToken.None);

        await Cancelled(deadline.Token);

        Assert.True(deadline.Passed);
    }

    [Fact]
    public void The_callers_cancellation_ends_it_and_is_not_a_passed_deadline()
    {
        using var caller = new CancellationTokenSource();
        using var deadline = new RequestDeadline(Long, caller.Token, CancellationToken.None);

        caller.Cancel();

        Assert.True(deadline.Token.IsCancellationRequested);
        Assert.False(deadline.Passed);
    }

    [Fact]
    public void Closing_the_session_ends_it_as_unanswered()
    {
        using var closed = new CancellationTokenSource();
        using var deadline = new RequestDeadline(Long, CancellationToken.None, closed.Token);

        closed.Cancel();

        Assert.True(deadline.Token.IsCancellationRequested);
        Assert.True(deadline.Passed);
    }

    private static Task Cancelled(CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => cancelled.SetResult());
        return cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
