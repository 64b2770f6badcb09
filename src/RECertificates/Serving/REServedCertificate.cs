using System;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Renewal;
using RECertificates.Serving;

namespace RECertificates
{
    /// <summary>
    /// What one node presents on one endpoint (Get-REServedCertificate): the leaf it served, and whether that is the
    /// certificate the cluster's record holds for the name. A node that is behind serves another one; an endpoint
    /// that could not be read says why in <see cref="Error"/>.
    /// </summary>
    public sealed class REServedCertificate
    {
        internal REServedCertificate(string? clusterName, ServedEndpoint endpoint, X509Certificate2? leaf, string? error, string? recordThumbprint, DateTime utcNow)
        {
            ClusterName = clusterName;
            Name = endpoint.Name;
            NodeUid = endpoint.NodeUid;
            Address = endpoint.Address;
            Port = endpoint.Port;
            Error = leaf == null ? error ?? "no certificate was presented" : null;
            if (leaf != null)
            {
                Subject = leaf.Subject;
                Thumbprint = leaf.Thumbprint.ToUpperInvariant();
                NotAfter = leaf.NotAfter;
                DaysRemaining = ExpiryStatuses.DaysRemaining(leaf.NotAfter.ToUniversalTime(), utcNow);
            }

            MatchesCluster = Thumbprint != null && string.Equals(Thumbprint, recordThumbprint, StringComparison.OrdinalIgnoreCase);
            Endpoint = endpoint;
        }

        public string? ClusterName { get; }

        /// <summary>api, cm, metrics_exporter or proxy.</summary>
        public string Name { get; }

        /// <summary>The node (<c>GET /v1/nodes</c> uid); null for a database address that no node lists.</summary>
        public int? NodeUid { get; }

        public string Address { get; }

        public int Port { get; }

        public string? Subject { get; }

        /// <summary>SHA-1 of the served leaf, upper-case hex; null when nothing could be read.</summary>
        public string? Thumbprint { get; }

        /// <summary>Local time, as X509Certificate2.NotAfter.</summary>
        public DateTime? NotAfter { get; }

        public int? DaysRemaining { get; }

        /// <summary>The served leaf is the one the cluster's record holds for <see cref="Name"/>.</summary>
        public bool MatchesCluster { get; }

        /// <summary>Why the endpoint could not be read; null when it was.</summary>
        public string? Error { get; }

        internal ServedEndpoint Endpoint { get; }

        public override string ToString() => $"{Name} on {Endpoint.Describe()}: {Thumbprint ?? Error}";
    }
}
