using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Cluster
{
    /// <summary>
    /// The cluster calls the module makes, one per endpoint: what a session holds and what the orchestration of every
    /// command talks to. <see cref="ClusterClient"/> is the one over HTTP; xUnit gives fakes, so the plan, confirm,
    /// send and recovery logic is tested without a network or a runspace. Writes take what the cluster was last seen
    /// to hold, so a lost answer can be resolved by reading back (see OutcomeResolver).
    /// </summary>
    internal interface IClusterClient : IDisposable
    {
        /// <summary>Where, who and how: the settings the session was opened with.</summary>
        ClusterConnectionSettings Settings { get; }

        /// <summary>How messages name the cluster: its name once known, and its address.</summary>
        string ClusterLabel { get; set; }

        Task<ClusterInfo> GetClusterAsync(ICallLog log, CancellationToken cancellationToken);

        Task<ClusterCipherSuites> GetCipherSuitesAsync(ICallLog log, CancellationToken cancellationToken);

        Task<IReadOnlyList<NodeInfo>> GetNodesAsync(ICallLog log, CancellationToken cancellationToken);

        Task<ClusterPorts> GetClusterPortsAsync(ICallLog log, CancellationToken cancellationToken);

        Task<IReadOnlyList<DatabaseInfo>> GetDatabasesAsync(ICallLog log, CancellationToken cancellationToken);

        Task<IReadOnlyList<ClusterCertificateEntry>> GetCertificatesAsync(bool includePrivateKeys, ICallLog log, CancellationToken cancellationToken);

        /// <returns>True when the answer was lost and the read-back found the change.</returns>
        Task<bool> PutCertificatesAsync(IReadOnlyList<ClusterCertificateEntry> certificates, IReadOnlyCollection<ClusterCertificateEntry> held, ICallLog log, CancellationToken cancellationToken);

        /// <returns>True when the answer was lost and the read-back found the change.</returns>
        Task<bool> UpdateCertificateLegacyAsync(ClusterCertificateEntry certificate, IReadOnlyCollection<ClusterCertificateEntry> held, ICallLog log, CancellationToken cancellationToken);

        /// <returns>True when the answer was lost and the read-back found the certificate gone.</returns>
        Task<bool> DeleteCertificateAsync(string name, IReadOnlyCollection<ClusterCertificateEntry> held, ICallLog log, CancellationToken cancellationToken);

        Task<RotationSettings?> GetRotationSettingsAsync(ICallLog log, CancellationToken cancellationToken);

        Task<CertificateAlerts> GetCertificateAlertsAsync(ICallLog log, CancellationToken cancellationToken);

        Task<bool?> GetOcspEnabledAsync(ICallLog log, CancellationToken cancellationToken);

        Task<string?> TestOcspAsync(ICallLog log, CancellationToken cancellationToken);

        Task<IReadOnlyList<HealthCertificate>?> GetHealthCertificatesAsync(ICallLog log, CancellationToken cancellationToken);

        Task PutRotationSettingsAsync(RotationSettings change, ICallLog log, CancellationToken cancellationToken);

        Task PutCertificateAlertsAsync(CertificateAlerts change, ICallLog log, CancellationToken cancellationToken);

        Task RotateInternalCertificatesAsync(string? name, IReadOnlyList<HealthCertificate>? before, ICallLog log, CancellationToken cancellationToken);
    }
}
