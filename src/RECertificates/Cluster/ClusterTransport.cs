using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Sessions;

namespace RECertificates.Cluster
{
    /// <summary>
    /// How one request reaches a cluster: the session's login (Basic sent pre-emptively, or the client certificate
    /// in the handshake), a deadline per attempt, retries of what the documentation says to retry (never a 401),
    /// redirects followed only to the same scheme, host and port, and every failure turned into words a person can
    /// act on. A write whose answer is lost is never sent again here: it ends in an <see cref="AnswerLostException"/>
    /// for <see cref="OutcomeResolver"/>, which looks before anything is re-sent. It knows nothing of endpoints or
    /// JSON shapes.
    /// </summary>
    internal sealed class ClusterTransport : IDisposable
    {
        private const int MaximumResponseBytes = 16 * 1024 * 1024;
        private const int MaximumRedirects = 3;

        private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new MediaTypeWithQualityHeaderValue("application/json");

        private readonly ClusterConnectionSettings _settings;
        private readonly Func<HttpClient> _clients;
        private readonly IDisposable _owner;
        private readonly RetryPolicy _retry;

        // Cancels the requests still running when the session is closed, as disposing its one client used to.
        private readonly CancellationTokenSource _closed = new CancellationTokenSource();

        /// <param name="clients">Gives the client for each attempt, so a handler rotation reaches the next request.</param>
        /// <param name="owner">Owns the clients' handlers: disposed with the transport.</param>
        public ClusterTransport(ClusterConnectionSettings settings, Func<HttpClient> clients, IDisposable owner)
        {
            _settings = settings;
            _clients = clients;
            _owner = owner;
            _retry = new RetryPolicy(settings.MaximumRetryCount, settings.RetryBaseDelay, settings.RetryMaximumDelay);
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
        /// wrong. Retries, redirects and deadlines happen here; <paramref name="subject"/> names what the request
        /// was about ("certificate 'proxy'") for the messages.
        /// </summary>
        /// <param name="timeLimit">The request's own time limit, when the endpoint's exceeds the session's (rotation: 900 s).</param>
        public async Task<ClusterResponse> SendAsync(ClusterOperation operation, HttpMethod method, string relativePath,
            ClearingBufferWriter? body, string subject, ICallLog log, CancellationToken cancellationToken, TimeSpan? timeLimit = null)
        {
            bool isWrite = method != HttpMethod.Get;
            TimeSpan timeout = timeLimit ?? (isWrite ? _settings.WriteTimeout : _settings.ReadTimeout);
            Uri uri = new Uri(_settings.BaseUri, relativePath);
            int attempt = 0;
            int redirects = 0;

            if (body != null && log.IsDebugEnabled)
            {
                log.Debug($"{method} {uri} body: {JsonRedactor.Redact(body.WrittenSegment)}");
            }

            while (true)
            {
                attempt++;
                var stopwatch = Stopwatch.StartNew();
                int status;
                string reason;
                ClearingBufferWriter answer = new ClearingBufferWriter();
                Uri? location = null;
                try
                {
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
                    deadline.CancelAfter(timeout);
                    try
                    {
                        HttpClient http = _clients();
                        using HttpRequestMessage request = CreateRequest(method, uri, body);
                        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                        status = (int)response.StatusCode;
                        reason = response.ReasonPhrase ?? string.Empty;
                        location = response.Headers.Location;
                        await ReadBodyAsync(response, answer, deadline.Token).ConfigureAwait(false);

                        // The factory disposes a rotated-out handler once no client holds it: hold this one until
                        // the whole answer is read, so a rotation never closes a connection under a request.
                        GC.KeepAlive(http);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        log.Verbose($"{method} {uri} -> no answer within {timeout.TotalSeconds:0.#} s");
                        REApiException failure = TimedOut(subject, timeout, isWrite);
                        throw isWrite ? new AnswerLostException(failure) : (Exception)failure;
                    }
                    catch (Exception exception) when ((exception is HttpRequestException || exception is IOException) && !cancellationToken.IsCancellationRequested)
                    {
                        REApiException failure = TransportFailure(exception, subject);
                        log.Verbose($"{method} {uri} -> {failure.ErrorId} after {stopwatch.ElapsedMilliseconds} ms");
                        bool lost = failure.ErrorId == "ConnectionLost";
                        if (lost && isWrite)
                        {
                            // The cluster may have applied it: only a read-back can tell, never a blind second send.
                            throw new AnswerLostException(failure);
                        }

                        if (lost && _retry.CanRetry(attempt))
                        {
                            await WaitBeforeRetryAsync(attempt, "the connection was lost", log, cancellationToken).ConfigureAwait(false);
                            answer.Dispose();
                            continue;
                        }

                        throw failure;
                    }
                }
                catch
                {
                    answer.Dispose();
                    throw;
                }

                log.Verbose($"{method} {uri} -> {status} {reason} in {stopwatch.ElapsedMilliseconds} ms{(attempt > 1 ? $" (attempt {attempt})" : string.Empty)}");

                if (status >= 200 && status < 300)
                {
                    if (!isWrite && log.IsDebugEnabled)
                    {
                        log.Debug($"{method} {uri} answer: {JsonRedactor.Redact(answer.WrittenSegment)}");
                    }

                    return new ClusterResponse(status, answer);
                }

                try
                {
                    if (IsRedirect(status))
                    {
                        uri = FollowRedirect(uri, location, status, subject, ++redirects, isWrite, log);
                        attempt--;
                        continue;
                    }

                    var error = ClusterErrorBody.Parse(answer.WrittenSegment);
                    if (isWrite && MayHaveBeenApplied(status))
                    {
                        // A gateway's 502/503/504 or a 500 came after the whole body was sent: the change may be in.
                        int attempts = attempt;
                        throw new AnswerLostException(
                            StatusMapping.ToException(operation, status, error, Cluster, subject, _settings.UserName, attempts),
                            sends => StatusMapping.ToException(operation, status, error, Cluster, subject, _settings.UserName, attempts + sends - 1));
                    }

                    bool retryable = (RetryPolicy.IsRetryableStatus(status) && (status != 409 || isWrite)) || RetryPolicy.IsNotAllNodesUpdated(operation, status);
                    if (retryable && _retry.CanRetry(attempt))
                    {
                        await WaitBeforeRetryAsync(attempt, $"{status} {reason}{(error.Description != null ? $" ({error.Description})" : string.Empty)}", log, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    throw status == 401 || (status == 403 && _settings.ClientCertificate != null && operation == ClusterOperation.ReadCluster)
                        ? LoginRefusal.Explain(_settings, status, error, Cluster)
                        : StatusMapping.ToException(operation, status, error, Cluster, subject, _settings.UserName, attempt);
                }
                finally
                {
                    answer.Dispose();
                }
            }
        }

        private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, ClearingBufferWriter? body)
        {
            var request = new HttpRequestMessage(method, uri);
            request.Headers.Accept.Add(JsonMediaType);

            // Pre-emptive Basic: no unauthenticated round trip first. Only ever to the host the user connected
            // to (redirects elsewhere are refused before they get here). A certificate session sends no header:
            // its certificate went with the TLS handshake.
            if (_settings.Password != null)
            {
                request.Headers.Authorization = BasicAuthorization.Create(_settings.UserName, _settings.Password);
            }

            if (body != null)
            {
                ArraySegment<byte> bytes = body.WrittenSegment;
                request.Content = new ByteArrayContent(bytes.Array!, bytes.Offset, bytes.Count);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            if (method != HttpMethod.Get)
            {
                WriteOnce.Prepare(request);
            }

            return request;
        }

        /// <summary>Answers after which a write may or may not be in: only reading the certificates back tells.</summary>
        private static bool MayHaveBeenApplied(int status) => status == 500 || status == 502 || status == 503 || status == 504;

        private static async Task ReadBodyAsync(HttpResponseMessage response, ClearingBufferWriter answer, CancellationToken cancellationToken)
        {
            using Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            while (true)
            {
                // Straight into the wiped buffer: no intermediate copies of a body that may hold keys.
                ArraySegment<byte> free = answer.GetFreeSegment(16 * 1024);
                int read = await stream.ReadAsync(free.Array!, free.Offset, free.Count, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                answer.Advance(read);
                if (answer.WrittenCount > MaximumResponseBytes)
                {
                    throw new HttpRequestException("The answer is larger than any certificate list could be.", new InvalidDataException());
                }
            }
        }

        private async Task WaitBeforeRetryAsync(int attempt, string why, ICallLog log, CancellationToken cancellationToken)
        {
            TimeSpan delay = _retry.GetDelay(attempt);
            log.Verbose($"{Cluster}: attempt {attempt} of {_retry.MaximumRetryCount + 1} got {why}; retrying in {delay.TotalSeconds:0.0} s.");
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        private static bool IsRedirect(int status) => status == 301 || status == 302 || status == 303 || status == 307 || status == 308;

        /// <summary>
        /// A non-master node may redirect to the master. Follow only over https and only to the scheme, host and
        /// port the user connected to: the credential goes with every request, so it must never reach another
        /// service. A write answered 301, 302 or 303 is never followed: those turn a PUT into a GET, or re-send it
        /// to a place the user never chose.
        /// </summary>
        private Uri FollowRedirect(Uri from, Uri? location, int status, string subject, int redirects, bool isWrite, ICallLog log)
        {
            if (isWrite && status != 307 && status != 308)
            {
                throw new REApiException(
                    $"{Cluster} answered the change of {subject} with a redirect ({status}), which would turn the write into a read or repeat it elsewhere; the module does not follow it, so nothing was sent again. Connect to the cluster's master node directly.",
                    FailureKind.InvalidResult, "RedirectRefused", status);
            }

            if (location == null || redirects > MaximumRedirects)
            {
                throw new REApiException(
                    $"{Cluster} redirected the request for {subject} ({status}) {(location == null ? "without saying where" : "too many times")}. Connect to the cluster's master node directly.",
                    FailureKind.InvalidResult, "RedirectRefused", status);
            }

            Uri target = location.IsAbsoluteUri ? location : new Uri(from, location);
            if (!string.Equals(target.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                throw new REApiException(
                    $"{Cluster} redirected the request for {subject} to '{target.GetLeftPart(UriPartial.Authority)}', which is not https. The module never downgrades to an unencrypted connection.",
                    FailureKind.SecurityError, "RedirectRefused", status);
            }

            if (!string.Equals(target.Host, _settings.BaseUri.Host, StringComparison.OrdinalIgnoreCase) || target.Port != _settings.BaseUri.Port)
            {
                throw new REApiException(
                    $"{Cluster} redirected the request for {subject} to another host or port, '{target.GetLeftPart(UriPartial.Authority)}' (usually the master node's internal address). The module sends the credential only to the host and port you connected to: connect to that node directly (Connect-RECluster {target.GetLeftPart(UriPartial.Authority)}) if it is one of the cluster's nodes.",
                    FailureKind.SecurityError, "RedirectRefused", status);
            }

            log.Verbose($"{Cluster}: following redirect ({status}) to {target}.");
            return target;
        }

        private REApiException TimedOut(string subject, TimeSpan timeout, bool isWrite) =>
            new REApiException(
                $"{Cluster} did not answer the request for {subject} within {timeout.TotalSeconds:0.#} seconds." +
                (isWrite ? " The cluster may still apply the change: check with Get-RECertificate before running the command again." : string.Empty) +
                " If the cluster is slow, raise -TimeoutSec on Connect-RECluster.",
                FailureKind.Timeout, "RequestTimedOut");

        private REApiException TransportFailure(Exception exception, string subject)
        {
            if (Find<AuthenticationException>(exception) != null)
            {
                return NotTrusted();
            }

            SocketException? socket = Find<SocketException>(exception);
            if (socket != null && NeverConnected(socket.SocketErrorCode))
            {
                return new REApiException(
                    $"Could not reach the cluster at {_settings.BaseUri} for {subject}: {socket.Message}. Check the host name, the port (9443 by default), and that no firewall or proxy blocks it.",
                    FailureKind.ConnectionError, "ClusterUnreachable", innerException: null);
            }

            if (Find<InvalidDataException>(exception) != null)
            {
                return new REApiException(
                    $"{Cluster} sent an answer for {subject} larger than any certificate list could be ({MaximumResponseBytes / (1024 * 1024)} MiB). Check that the address is the cluster's REST API.",
                    FailureKind.InvalidResult, "InvalidResponse");
            }

            return new REApiException(
                $"The connection to {Cluster.Substring(0, 1).ToLowerInvariant() + Cluster.Substring(1)} was lost during the request for {subject} ({exception.GetBaseException().Message}). Check the network and the cluster's health, then try again.",
                FailureKind.ConnectionError, "ConnectionLost");
        }

        private REApiException NotTrusted()
        {
            PresentedCertificate? presented = _settings.Trust.LastPresented;
            string[] pins = _settings.Trust.Pins;
            string which = presented == null
                ? "its certificate"
                : $"its certificate (subject '{presented.Subject}', SHA-256 thumbprint {presented.Sha256})";
            string why = pins.Length > 0
                ? $"it matches none of the pinned thumbprints ({string.Join(", ", pins)})"
                : presented != null ? $"this machine does not trust it ({presented.Errors})" : "the TLS handshake failed";
            string advice = presented != null
                ? $" If this is the cluster's own certificate, pin it: Connect-RECluster {_settings.BaseUri.Host}:{_settings.BaseUri.Port} -CertificateThumbprint {presented.Sha256} (its SHA-256 thumbprint: compare it with the cluster's first, for example openssl x509 -noout -fingerprint -sha256 -in api.pem), or trust its CA on this machine."
                : " Check that the address is the cluster's REST API and that it speaks TLS 1.2 or 1.3.";
            return new REApiException(
                $"The cluster at {_settings.BaseUri} was not trusted: {which} was refused because {why}.{advice} -SkipCertificateCheck turns verification off, which is not recommended.",
                FailureKind.SecurityError, "ServerCertificateNotTrusted", innerException: null);
        }

        /// <summary>
        /// Socket errors of the connecting phase: nothing of the request left this machine, so it is "unreachable",
        /// not a lost answer. Any other (a reset, a broken pipe) may come after the cluster read the request.
        /// </summary>
        private static bool NeverConnected(SocketError error) =>
            error == SocketError.ConnectionRefused || error == SocketError.HostNotFound || error == SocketError.HostUnreachable
            || error == SocketError.NetworkUnreachable || error == SocketError.NetworkDown || error == SocketError.TryAgain
            || error == SocketError.NoData || error == SocketError.AddressNotAvailable || error == SocketError.TimedOut;

        private static T? Find<T>(Exception exception)
            where T : Exception
        {
            for (Exception? current = exception; current != null; current = current.InnerException)
            {
                if (current is T found)
                {
                    return found;
                }
            }

            return null;
        }
    }
}
