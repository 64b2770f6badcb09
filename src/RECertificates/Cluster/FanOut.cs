using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Cluster
{
    /// <summary>
    /// Runs one piece of work per item with at most <c>throttle</c> at a time, and keeps every item's result or
    /// failure in the items' order, so one slow or failing cluster neither serializes nor stops the others.
    /// </summary>
    internal static class FanOut
    {
        /// <summary>
        /// Clusters worked on at once when the user did not say (-ThrottleLimit). A hundred, so a fleet of a hundred
        /// clusters is asked in one wave (one connection each; the wait is the slowest answer, not a sum of them).
        /// </summary>
        public const int DefaultThrottle = 100;

        /// <summary>The most -ThrottleLimit allows.</summary>
        public const int MaximumThrottle = 256;

        public static async Task<IReadOnlyList<Outcome<TResult>>> RunAsync<TItem, TResult>(
            IReadOnlyList<TItem> items,
            int throttle,
            Func<TItem, CancellationToken, Task<TResult>> work,
            Action<int>? completed,
            CancellationToken cancellationToken)
        {
            var outcomes = new Outcome<TResult>[items.Count];
            using var gate = new SemaphoreSlim(Math.Max(1, throttle));
            int done = 0;
            IEnumerable<Task> tasks = items.Select(async (item, index) =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    outcomes[index] = Outcome<TResult>.Success(await work(item, cancellationToken).ConfigureAwait(false));
                }
                catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    outcomes[index] = Outcome<TResult>.Failure(exception);
                }
                finally
                {
                    gate.Release();
                    completed?.Invoke(Interlocked.Increment(ref done));
                }
            });
            await Task.WhenAll(tasks.ToList()).ConfigureAwait(false);
            return outcomes;
        }
    }

    /// <summary>A result or the exception that stood in its way.</summary>
    internal sealed class Outcome<T>
    {
        private Outcome(T? value, Exception? error)
        {
            Value = value;
            Error = error;
        }

        public T? Value { get; }

        public Exception? Error { get; }

        public static Outcome<T> Success(T value) => new Outcome<T>(value, null);

        public static Outcome<T> Failure(Exception error) => new Outcome<T>(default, error);
    }
}
