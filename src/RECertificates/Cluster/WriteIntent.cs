using System.Collections.Generic;
using System.Linq;
using RECertificates.Certificates;

namespace RECertificates.Cluster
{
    /// <summary>
    /// What one write means to do, certificate by certificate: what the cluster held before it and what it should
    /// hold after it (null: not set). After a lost answer, comparing that with what the cluster holds tells whether
    /// the write was applied, was not, or cannot be told apart from someone else's change.
    /// </summary>
    internal sealed class WriteIntent
    {
        private WriteIntent(string subject, IReadOnlyList<Target> targets)
        {
            Subject = subject;
            Targets = targets;
        }

        /// <summary>"certificate 'proxy'" or "certificates 'proxy', 'syncer'", for messages.</summary>
        public string Subject { get; }

        public IReadOnlyList<Target> Targets { get; }

        /// <summary>A PUT of these certificates, over what the cluster was last seen to hold.</summary>
        public static WriteIntent Replace(IEnumerable<ClusterCertificateEntry> uploads, IEnumerable<ClusterCertificateEntry> held)
        {
            Dictionary<string, string> before = Index(held);
            List<Target> targets = uploads
                .Select(u => new Target(u.Name, before.TryGetValue(u.Name, out string? was) ? was : null, Identify(u.CertificatePem)))
                .ToList();
            return new WriteIntent(ClusterClient.Describe(targets.Select(t => t.Name)), targets);
        }

        /// <summary>A DELETE of one certificate.</summary>
        public static WriteIntent Remove(string name, IEnumerable<ClusterCertificateEntry> held)
        {
            Dictionary<string, string> before = Index(held);
            var target = new Target(name, before.TryGetValue(name, out string? was) ? was : null, null);
            return new WriteIntent(ClusterClient.Describe(new[] { name }), new[] { target });
        }

        /// <summary>What each certificate's state says about the write, given what the cluster holds now.</summary>
        public WriteOutcome Compare(IEnumerable<ClusterCertificateEntry> now)
        {
            Dictionary<string, string> held = Index(now);
            var states = new List<TargetState>();
            foreach (Target target in Targets)
            {
                string? holds = held.TryGetValue(target.Name, out string? value) ? value : null;
                TargetStatus status = holds == target.After ? TargetStatus.Applied
                    : holds == target.Before ? TargetStatus.NotApplied
                    : TargetStatus.ChangedElsewhere;
                states.Add(new TargetState(target, holds, status));
            }

            return new WriteOutcome(states);
        }

        /// <summary>The chain's fingerprint; an unreadable chain is still told apart from others by its text.</summary>
        private static string Identify(string pem) => ChainFingerprint.Of(pem) ?? "text:" + pem.Trim();

        private static Dictionary<string, string> Index(IEnumerable<ClusterCertificateEntry> entries) =>
            entries.GroupBy(e => e.Name).ToDictionary(g => g.Key, g => Identify(g.First().CertificatePem));

        /// <summary>One certificate of the write: its state before, and the state the write asks for.</summary>
        internal sealed class Target
        {
            public Target(string name, string? before, string? after)
            {
                Name = name;
                Before = before;
                After = after;
            }

            public string Name { get; }

            public string? Before { get; }

            public string? After { get; }
        }
    }

    internal enum TargetStatus
    {
        Applied,
        NotApplied,
        ChangedElsewhere,
    }

    /// <summary>One certificate after a lost answer: what the cluster holds now and what that says.</summary>
    internal sealed class TargetState
    {
        public TargetState(WriteIntent.Target target, string? holds, TargetStatus status)
        {
            Target = target;
            Holds = holds;
            Status = status;
        }

        public WriteIntent.Target Target { get; }

        public string? Holds { get; }

        public TargetStatus Status { get; }
    }

    /// <summary>What the read-back says about the whole write.</summary>
    internal sealed class WriteOutcome
    {
        public WriteOutcome(IReadOnlyList<TargetState> states)
        {
            States = states;
        }

        public IReadOnlyList<TargetState> States { get; }

        public bool Applied => States.All(s => s.Status == TargetStatus.Applied);

        /// <summary>Nothing of the write is in, and nothing else changed these certificates: safe to send again.</summary>
        public bool NotApplied => States.All(s => s.Status == TargetStatus.NotApplied);
    }
}
