using System;

namespace RECertificates
{
    /// <summary>
    /// What Invoke-RECertificateRenewal did with one certificate of one cluster: renewed it, found it not due, would
    /// renew it (-WhatIf), or failed (the error says why; a cluster that could not be read is one Failed object with
    /// no Name). One object per certificate, so a scheduled task's log and report read one line per certificate.
    /// </summary>
    public sealed class RECertificateRenewal
    {
        public const string Renewed = nameof(Renewed);
        public const string NotDue = nameof(NotDue);
        public const string WouldRenew = nameof(WouldRenew);
        public const string Failed = nameof(Failed);

        internal RECertificateRenewal(string? clusterName, string? name, string status, string? oldThumbprint, string? newThumbprint, DateTime? notAfter, string message)
        {
            ClusterName = clusterName;
            Name = name;
            Status = status;
            OldThumbprint = oldThumbprint;
            NewThumbprint = newThumbprint;
            NotAfter = notAfter;
            Message = message;
        }

        /// <summary>The cluster, by its name (or its address, when it could not be read).</summary>
        public string? ClusterName { get; }

        /// <summary>The certificate name (proxy, api, ...); $null when the cluster itself failed.</summary>
        public string? Name { get; }

        /// <summary>Renewed, NotDue, WouldRenew or Failed.</summary>
        public string Status { get; }

        /// <summary>The thumbprint of the certificate the cluster held before.</summary>
        public string? OldThumbprint { get; }

        /// <summary>The thumbprint of the new certificate, once renewed (or issued, when the rotation failed).</summary>
        public string? NewThumbprint { get; }

        /// <summary>When the certificate the cluster now holds expires (the new one, once renewed).</summary>
        public DateTime? NotAfter { get; }

        /// <summary>What happened, in words for a log.</summary>
        public string Message { get; }

        public override string ToString() => $"{ClusterName}/{Name}: {Status}";
    }
}
