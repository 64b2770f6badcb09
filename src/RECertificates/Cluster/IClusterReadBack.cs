using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Cluster
{
    /// <summary>
    /// The reads <see cref="OutcomeResolver"/> makes after a lost answer, and nothing more: whether the REST API answers
    /// again, and what certificates the cluster holds. <see cref="ClusterClient"/> implements it and owns the resolver,
    /// which depends on this interface rather than on the client, so the two do not call each other in a circle and a
    /// test gives the resolver a scripted cluster.
    /// </summary>
    internal interface IClusterReadBack
    {
        /// <summary>"Cluster 'name' (address)", for messages.</summary>
        string Cluster { get; }

        /// <summary>Asks until the REST API answers (true) or <paramref name="bound"/> passes (false); see <see cref="ApiAvailability"/>.</summary>
        /// <param name="elapsed">Told how long it has waited after each unanswered try (for a progress bar).</param>
        Task<bool> WaitForApiAsync(TimeSpan bound, Action<TimeSpan>? elapsed, ICallLog log, CancellationToken cancellationToken);

        Task<IReadOnlyList<ClusterCertificateEntry>> GetCertificatesAsync(bool includePrivateKeys, ICallLog log, CancellationToken cancellationToken);
    }
}
