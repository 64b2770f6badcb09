using System;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Cluster
{
    /// <summary>
    /// Follows a redirect only where the credential may go (the handlers never follow one themselves). A non-master
    /// node may redirect to the master: followed only over https and only to the scheme, host and port the user
    /// connected to, because the Authorization header goes with every request and must never reach another service.
    /// A write answered 301, 302 or 303 is never followed: those turn a PUT into a GET, or re-send it to a place the
    /// user never chose. Any other answer is handed back as it came.
    /// </summary>
    internal sealed class SameOriginRedirects
    {
        /// <summary>More than this many redirects for one request is a loop, not a way to the master.</summary>
        public const int MaximumRedirects = 3;

        private readonly Uri _origin;
        private readonly SendStage _next;

        /// <param name="origin">Where the user connected: the one origin the credential is sent to.</param>
        public SameOriginRedirects(Uri origin, SendStage next)
        {
            _origin = origin;
            _next = next;
        }

        public async Task<ClusterAnswer> SendAsync(ClusterRequest request, ICallLog log, CancellationToken cancellationToken)
        {
            while (true)
            {
                ClusterAnswer answer = await _next(request, log, cancellationToken).ConfigureAwait(false);
                if (!IsRedirect(answer.Status))
                {
                    return answer;
                }

                using (answer)
                {
                    request.Uri = Follow(request, answer.Location, answer.Status, ++request.Redirects, log);
                }
            }
        }

        public static bool IsRedirect(int status) => status == 301 || status == 302 || status == 303 || status == 307 || status == 308;

        private Uri Follow(ClusterRequest request, Uri? location, int status, int redirects, ICallLog log)
        {
            string cluster = request.Cluster;
            string subject = request.Subject;
            if (request.IsWrite && status != 307 && status != 308)
            {
                throw new REApiException(
                    $"{cluster} answered the change of {subject} with a redirect ({status}), which would turn the write into a read or repeat it elsewhere; the module does not follow it, so nothing was sent again. Connect to the cluster's master node directly.",
                    FailureKind.InvalidResult, "RedirectRefused", status);
            }

            if (location == null || redirects > MaximumRedirects)
            {
                throw new REApiException(
                    $"{cluster} redirected the request for {subject} ({status}) {(location == null ? "without saying where" : "too many times")}. Connect to the cluster's master node directly.",
                    FailureKind.InvalidResult, "RedirectRefused", status);
            }

            Uri target = location.IsAbsoluteUri ? location : new Uri(request.Uri, location);
            if (!string.Equals(target.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                throw new REApiException(
                    $"{cluster} redirected the request for {subject} to '{target.GetLeftPart(UriPartial.Authority)}', which is not https. The module never downgrades to an unencrypted connection.",
                    FailureKind.SecurityError, "RedirectRefused", status);
            }

            if (!string.Equals(target.Host, _origin.Host, StringComparison.OrdinalIgnoreCase) || target.Port != _origin.Port)
            {
                throw new REApiException(
                    $"{cluster} redirected the request for {subject} to another host or port, '{target.GetLeftPart(UriPartial.Authority)}' (usually the master node's internal address). The module sends the credential only to the host and port you connected to: connect to that node directly (Connect-RECluster {target.GetLeftPart(UriPartial.Authority)}) if it is one of the cluster's nodes.",
                    FailureKind.SecurityError, "RedirectRefused", status);
            }

            log.Verbose($"{cluster}: following redirect ({status}) to {target}.");
            return target;
        }
    }
}
