using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Cluster
{
    /// <summary>
    /// How one request reaches a cluster, in stages, each its own class (as SocketsHttpHandler keeps redirects in a
    /// handler of their own): <see cref="RequestRetries"/> (by <see cref="RetryPolicy"/>; error answers worded by
    /// <see cref="ErrorAnswers"/>) over <see cref="SameOriginRedirects"/> over <see cref="ClusterExchange"/> (one send
    /// and read under a <see cref="RequestDeadline"/>). A write whose answer is lost is never sent again here: it ends
    /// in an <see cref="AnswerLostException"/> for <see cref="OutcomeResolver"/>, which looks before anything is
    /// re-sent. It knows nothing of endpoints or JSON shapes.
    /// </summary>
    internal sealed class ClusterTransport : IDisposable
    {
        private readonly ClusterConnectionSettings _settings;
        private readonly IDisposable _owner;
        private readonly RequestRetries _stages;

        // Cancels the requests still running when the session is closed, as disposing its one client used to.
        private readonly CancellationTokenSource _closed = new CancellationTokenSource();

        /// <param name="retry">The session's policy, made once with the session.</param>
        /// <param name="clients">Gives the client for each attempt, so a handler rotation reaches the next request.</param>
        /// <param name="owner">Owns the clients' handlers: disposed with the transport.</param>
        public ClusterTransport(ClusterConnectionSettings settings, RetryPolicy retry, Func<HttpClient> clients, IDisposable owner)
        {
            _settings = settings;
            _owner = owner;
            var exchange = new ClusterExchange(settings, clients, _closed.Token);
            var redirects = new SameOriginRedirects(settings.BaseUri, exchange.SendAsync);
            _stages = new RequestRetries(retry, new ErrorAnswers(settings), redirects.SendAsync);
        }

        /// <summary>How messages name the cluster: its name once known, and its address.</summary>
        public string ClusterLabel { get; set; } = string.Empty;

        /// <summary>"Cluster 'name' (address)", or "The cluster at address" before its name is known.</summary>
        public string Cluster => string.IsNullOrEmpty(ClusterLabel)
            ? $"The cluster at {_settings.BaseUri}"
            : $"Cluster '{ClusterLabel}' ({_settings.BaseUri})";

        public void Dispose()
        {
            _closed.Cancel();
            _owner.Dispose();
        }

        /// <summary>
        /// Sends one request and returns the successful answer, or throws an REApiException that says what went
        /// wrong. Retries, redirects and deadlines happen in the stages; <paramref name="subject"/> names what the
        /// request was about ("certificate 'proxy'") for the messages.
        /// </summary>
        /// <param name="timeLimit">The request's own time limit, when the endpoint's exceeds the session's (rotation: 900 s).</param>
        public async Task<ClusterResponse> SendAsync(ClusterOperation operation, HttpMethod method, string relativePath,
            ClearingBufferWriter? body, string subject, ICallLog log, CancellationToken cancellationToken, TimeSpan? timeLimit = null)
        {
            bool isWrite = method != HttpMethod.Get;
            var request = new ClusterRequest(operation, method, new Uri(_settings.BaseUri, relativePath), body, subject, Cluster,
                RequestDeadline.For(_settings, isWrite, timeLimit));
            if (body != null && log.IsDebugEnabled)
            {
                log.Debug($"{method} {request.Uri} body: {JsonRedactor.Redact(body.WrittenSegment)}");
            }

            ClusterAnswer answer = await _stages.SendAsync(request, log, cancellationToken).ConfigureAwait(false);
            return answer.ToResponse();
        }
    }
}
