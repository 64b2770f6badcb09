using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Completion
{
    /// <summary>
    /// The certificate names of each session's cluster, for tab completion. Names are kept for a short while, so
    /// pressing Tab again does not ask the cluster again, and fetched under a short time limit, so a slow or
    /// unreachable cluster never freezes the console. A fetch that fails or runs out of time gives the fallback
    /// names instead, and is itself remembered for the same while, so a dead cluster costs one wait, not one per
    /// Tab. Nothing here throws: completion must never fail the user's typing.
    /// </summary>
    internal sealed class CertificateNameCache
    {
        public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(30);

        public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(2);

        // Keyed by the session object, weakly: a session nobody holds any more takes its entry with it.
        private readonly ConditionalWeakTable<object, Entry> _entries = new ConditionalWeakTable<object, Entry>();
        private readonly object _gate = new object();
        private readonly Func<DateTime> _utcNow;

        /// <param name="utcNow">The clock; tests pass their own to step over the lifetime.</param>
        public CertificateNameCache(TimeSpan lifetime, TimeSpan timeLimit, Func<DateTime>? utcNow = null)
        {
            Lifetime = lifetime;
            TimeLimit = timeLimit;
            _utcNow = utcNow ?? (() => DateTime.UtcNow);
        }

        /// <summary>How long a cluster's answer (or its failure) is remembered.</summary>
        public TimeSpan Lifetime { get; }

        /// <summary>How long a completion waits for the clusters, all of them together.</summary>
        public TimeSpan TimeLimit { get; }

        /// <summary>
        /// The names of every key's cluster, sorted and without duplicates. Keys are fetched concurrently; the
        /// fetch gets a token that is cancelled at the time limit. A key whose names are not there in time, or
        /// whose fetch failed, contributes <paramref name="fallback"/>.
        /// </summary>
        public IReadOnlyList<string> GetNames(IReadOnlyList<object> keys, Func<object, CancellationToken, Task<IReadOnlyList<string>>> fetch,
            IReadOnlyList<string> fallback)
        {
            Task<IReadOnlyList<string>>[] fetches = keys.Select(key => GetOrStart(key, fetch)).ToArray();
            try
            {
                Task.WaitAll(fetches, TimeLimit);
            }
            catch (AggregateException)
            {
                // A failed fetch: its key gets the fallback below.
            }

            var names = new SortedSet<string>(StringComparer.Ordinal);
            foreach (Task<IReadOnlyList<string>> fetched in fetches)
            {
                names.UnionWith(fetched.Status == TaskStatus.RanToCompletion ? fetched.Result : fallback);
            }

            return names.ToArray();
        }

        private Task<IReadOnlyList<string>> GetOrStart(object key, Func<object, CancellationToken, Task<IReadOnlyList<string>>> fetch)
        {
            lock (_gate)
            {
                DateTime now = _utcNow();
                if (_entries.TryGetValue(key, out Entry? known) && now - known.StartedAt < Lifetime)
                {
                    return known.Names;
                }

                _entries.Remove(key);
                var entry = new Entry(now, Start(key, fetch));
                _entries.Add(key, entry);
                return entry.Names;
            }
        }

        private Task<IReadOnlyList<string>> Start(object key, Func<object, CancellationToken, Task<IReadOnlyList<string>>> fetch)
        {
            var limit = new CancellationTokenSource(TimeLimit);

            // Task.Run: a fetch that throws before its first await becomes a failed task, not an exception here.
            Task<IReadOnlyList<string>> task = Task.Run(() => fetch(key, limit.Token));
            task.ContinueWith(
                finished =>
                {
                    _ = finished.Exception; // Observed: a failure is an expected outcome, not an unobserved exception.
                    limit.Dispose();
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return task;
        }

        private sealed class Entry
        {
            public Entry(DateTime startedAt, Task<IReadOnlyList<string>> names)
            {
                StartedAt = startedAt;
                Names = names;
            }

            public DateTime StartedAt { get; }

            public Task<IReadOnlyList<string>> Names { get; }
        }
    }
}
