using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Cluster
{
    /// <summary>
    /// The stage after this one, as each stage of <see cref="ClusterTransport"/> sees it (what the inner handler is to
    /// a delegating handler): <see cref="RequestRetries"/> calls <see cref="SameOriginRedirects"/>, which calls
    /// <see cref="ClusterExchange"/>. Handing each stage the next one as a delegate lets a test give it a script instead.
    /// </summary>
    internal delegate Task<ClusterAnswer> SendStage(ClusterRequest request, ICallLog log, CancellationToken cancellationToken);
}
