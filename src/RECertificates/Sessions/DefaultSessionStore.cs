using System.Runtime.CompilerServices;

namespace RECertificates.Sessions
{
    /// <summary>
    /// The default session, one per runspace: a <c>ForEach-Object -Parallel</c> block or a thread job runs in
    /// its own runspace and neither sees nor replaces another runspace's default. The key is the runspace
    /// object; a weak table lets a closed runspace take its entry with it.
    /// </summary>
    internal static class DefaultSessionStore
    {
        private static readonly ConditionalWeakTable<object, Holder> Defaults = new ConditionalWeakTable<object, Holder>();

        public static RESession? Get(object runspace)
        {
            return Defaults.TryGetValue(runspace, out Holder? holder) ? holder.Session : null;
        }

        public static void Set(object runspace, RESession session)
        {
            Defaults.GetOrCreateValue(runspace).Session = session;
        }

        /// <summary>Clears the default only if it is <paramref name="session"/>.</summary>
        public static bool ClearIf(object runspace, RESession session)
        {
            if (Defaults.TryGetValue(runspace, out Holder? holder) && ReferenceEquals(holder.Session, session))
            {
                holder.Session = null;
                return true;
            }

            return false;
        }

        private sealed class Holder
        {
            public RESession? Session { get; set; }
        }
    }
}
