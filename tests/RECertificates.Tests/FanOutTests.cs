using RECertificates.Cluster;

namespace RECertificates.Tests;

public class FanOutTests
{
    [Fact]
    public async Task Keeps_the_items_order_and_each_failure_in_its_place()
    {
        int[] items = [5, 1, 4, 2, 3];
        var outcomes = await FanOut.RunAsync(items, 3, async (item, token) =>
        {
            await Task.Delay(item * 10, token);
            return item == 4 ? throw new InvalidOperationException("cluster 4 failed") : item * 100;
        }, null, CancellationToken.None);

        Assert.Equal([500, 100, 0, 200, 300], outcomes.Select(o => o.Value).ToArray());
        Assert.Null(outcomes[0].Error);
        Assert.Equal("cluster 4 failed", outcomes[2].Error!.Message);
    }

    [Fact]
    public async Task Never_runs_more_than_the_throttle_at_once()
    {
        int running = 0, peak = 0;
        var outcomes = await FanOut.RunAsync(Enumerable.Range(0, 20).ToArray(), 4, async (item, token) =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(20, token);
            Interlocked.Decrement(ref running);
            return item;
        }, null, CancellationToken.None);

        Assert.Equal(20, outcomes.Count);
        Assert.Equal(4, peak);
    }

    [Fact]
    public async Task Reports_each_completion()
    {
        var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
        await FanOut.RunAsync([1, 2, 3], 2, (item, token) => Task.FromResult(item), done => seen.Add(done), CancellationToken.None);
        Assert.Equal([1, 2, 3], seen.OrderBy(x => x).ToArray());
    }

    [Fact]
    public async Task Cancellation_stops_the_whole_fan_out()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            FanOut.RunAsync([1, 2, 3, 4], 1, async (item, token) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), token);
                return item;
            }, null, cancel.Token));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
