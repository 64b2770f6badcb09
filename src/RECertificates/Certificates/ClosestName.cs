using System;
using System.Collections.Generic;
using System.Linq;

namespace RECertificates.Certificates
{
    /// <summary>The known name a mistyped one was most likely meant to be, by edit distance (Levenshtein).</summary>
    internal static class ClosestName
    {
        /// <summary>
        /// The candidate nearest to <paramref name="name"/>, when it is near enough to be a typo: at most a third of
        /// the name's length in edits (at least one); null otherwise, and for an exact match.
        /// </summary>
        public static string? Among(string name, IEnumerable<string> candidates)
        {
            int allowed = Math.Max(1, name.Length / 3);
            (string? Name, int Distance) best = (null, int.MaxValue);
            foreach (string candidate in candidates)
            {
                int distance = Distance(name, candidate);
                if (distance < best.Distance)
                {
                    best = (candidate, distance);
                }
            }

            return best.Distance > 0 && best.Distance <= allowed ? best.Name : null;
        }

        /// <summary>The number of single-character insertions, deletions and substitutions that turn one into the other.</summary>
        public static int Distance(string a, string b)
        {
            int[] previous = Enumerable.Range(0, b.Length + 1).ToArray();
            int[] current = new int[b.Length + 1];
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
                }

                int[] swap = previous;
                previous = current;
                current = swap;
            }

            return previous[b.Length];
        }
    }
}
